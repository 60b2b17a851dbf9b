/* Encodes a 16-bit mono PCM WAV to MP3 with libmp3lame settings the lame CLI
 * of Debian does not all offer (no_short_blocks). For bench/quality.py; a
 * benchmark tool, compiled at run time: cc -O2 lame_settings.c -lmp3lame.
 *
 *   lame_settings IN.wav OUT.mp3 [quality=N] [no_short_blocks=0|1]
 *                 [cbr=KBPS | vbr=Q] [out_rate_hz=HZ]
 *
 * Defaults: quality=7 no_short_blocks=0 cbr=64, output at the input's rate.
 * Writes the LAME tag (encoder delay and padding) over the first frame, so
 * gapless decoders (ffmpeg) trim the delay. Exit 0 on success, 1 on error. */
#include <lame/lame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int quality, no_short_blocks, cbr_kbps, vbr_q, out_rate_hz;
} Settings;

static int fail(const char* what) {
  fprintf(stderr, "lame_settings: %s\n", what);
  return 1;
}

/* Reads a PCM WAV's 16-bit mono samples; returns them (malloc) or NULL. */
static short* read_wav(const char* path, long* count, int* rate_hz) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* data = malloc(size);
  if (!data || fread(data, 1, size, f) != (size_t)size || size < 44) {
    fclose(f);
    free(data);
    return NULL;
  }
  fclose(f);
  long at = 12, data_at = -1, data_len = 0;
  while (at + 8 <= size) {
    long len = data[at + 4] | data[at + 5] << 8 | data[at + 6] << 16 | (long)data[at + 7] << 24;
    if (!memcmp(data + at, "fmt ", 4)) {
      int channels = data[at + 10] | data[at + 11] << 8;
      int bits = data[at + 22] | data[at + 23] << 8;
      *rate_hz = data[at + 12] | data[at + 13] << 8 | data[at + 14] << 16;
      if (channels != 1 || bits != 16) break;
    } else if (!memcmp(data + at, "data", 4)) {
      data_at = at + 8;
      data_len = len > size - data_at ? size - data_at : len; /* piped WAVs lie */
      break;
    }
    at += 8 + len + (len & 1);
  }
  if (data_at < 0) {
    free(data);
    return NULL;
  }
  *count = data_len / 2;
  short* samples = malloc(*count * sizeof(short) + 1);
  for (long i = 0; i < *count; ++i)
    samples[i] = (short)(data[data_at + 2 * i] | data[data_at + 2 * i + 1] << 8);
  free(data);
  return samples;
}

static int is(const char* arg, size_t n, const char* name) {
  return strlen(name) == n && !strncmp(arg, name, n);
}

static int parse(int argc, char** argv, Settings* s) {
  *s = (Settings){7, 0, 64, -1, 0};
  for (int i = 3; i < argc; ++i) {
    const char* eq = strchr(argv[i], '=');
    if (!eq) return 0;
    int v = atoi(eq + 1);
    size_t n = (size_t)(eq - argv[i]);
    if (is(argv[i], n, "quality"))
      s->quality = v;
    else if (is(argv[i], n, "no_short_blocks"))
      s->no_short_blocks = v;
    else if (is(argv[i], n, "cbr"))
      s->cbr_kbps = v, s->vbr_q = -1;
    else if (is(argv[i], n, "vbr"))
      s->vbr_q = v;
    else if (is(argv[i], n, "out_rate_hz"))
      s->out_rate_hz = v;
    else
      return 0;
  }
  return 1;
}

static lame_t configure(const Settings* s, int rate_hz) {
  lame_t lame = lame_init();
  lame_set_num_channels(lame, 1);
  lame_set_mode(lame, MONO);
  lame_set_in_samplerate(lame, rate_hz);
  lame_set_out_samplerate(lame, s->out_rate_hz ? s->out_rate_hz : rate_hz);
  lame_set_quality(lame, s->quality);
  lame_set_no_short_blocks(lame, s->no_short_blocks);
  if (s->vbr_q >= 0) {
    lame_set_VBR(lame, vbr_default);
    lame_set_VBR_q(lame, s->vbr_q);
  } else {
    lame_set_VBR(lame, vbr_off);
    lame_set_brate(lame, s->cbr_kbps);
  }
  lame_set_bWriteVbrTag(lame, 1);
  if (lame_init_params(lame) < 0) {
    lame_close(lame);
    return NULL;
  }
  return lame;
}

static int encode(lame_t lame, const short* pcm, long count, FILE* out) {
  enum { kChunk = 8192 };
  unsigned char mp3[kChunk * 5 / 4 + 7200];
  for (long at = 0; at < count; at += kChunk) {
    int n = count - at < kChunk ? (int)(count - at) : kChunk;
    int bytes = lame_encode_buffer(lame, pcm + at, NULL, n, mp3, sizeof mp3);
    if (bytes < 0 || fwrite(mp3, 1, bytes, out) != (size_t)bytes) return 0;
  }
  int bytes = lame_encode_flush(lame, mp3, sizeof mp3);
  if (bytes < 0 || fwrite(mp3, 1, bytes, out) != (size_t)bytes) return 0;
  size_t tag = lame_get_lametag_frame(lame, mp3, sizeof mp3);
  return fseek(out, 0, SEEK_SET) == 0 && fwrite(mp3, 1, tag, out) == tag;
}

int main(int argc, char** argv) {
  Settings s;
  if (argc < 3 || !parse(argc, argv, &s))
    return fail(
        "usage: IN.wav OUT.mp3 [quality=N] [no_short_blocks=0|1] [cbr=KBPS|vbr=Q]"
        " [out_rate_hz=HZ]");
  long count = 0;
  int rate_hz = 0;
  short* pcm = read_wav(argv[1], &count, &rate_hz);
  if (!pcm) return fail("cannot read a 16-bit mono PCM WAV");
  lame_t lame = configure(&s, rate_hz);
  if (!lame) return fail("lame_init_params failed");
  FILE* out = fopen(argv[2], "wb");
  int ok = out && encode(lame, pcm, count, out);
  if (out) ok = (fclose(out) == 0) && ok;
  lame_close(lame);
  free(pcm);
  return ok ? 0 : fail("encoding or writing failed");
}
