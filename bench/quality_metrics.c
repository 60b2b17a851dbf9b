/* Decoded quality of a coded signal against its source, for bench/quality.py.
 * A benchmark tool, compiled at run time: cc -O2 quality_metrics.c -lm.
 *
 *   quality_metrics REF.s16 TEST.s16 RATE_HZ
 *
 * Both files: raw 16-bit little-endian mono at RATE_HZ. Finds TEST's lag
 * against REF by cross-correlation (lags within +-4096 samples, over the first
 * seconds of speech), aligns, and prints one line of key=value figures:
 *   lag_samples       TEST sample k matches REF sample k - lag (0: gapless decoding worked)
 *   ref_samples, test_samples
 *   speech_frames     20 ms frames of REF whose RMS is above -60 dBFS (eSpeak's
 *                     pauses are digital zero)
 *   snr_db            10 log10(sum ref^2 / sum (ref - test)^2) over speech frames
 *   segsnr_db         mean over speech frames of each frame's SNR, clamped to -10..35 dB
 *   lsd_db            log-spectral distance: mean over speech frames of the RMS over
 *                     bins (0..rate/2) of the dB difference of the power spectra
 *                     (Hann window, 512-point FFT, powers floored at 1e-8, -80 dB:
 *                     about the 16-bit noise floor of a bin)
 *   lsd_8k_db         the same over bins up to 8 kHz only
 *   hf_ratio_db       energy above 8 kHz of TEST over REF's, speech frames, dB
 *   cutoff_hz         highest frequency at which TEST's mean power spectrum is within
 *                     10 dB of REF's (bandwidth kept)
 * Exit 0 on success, 1 on error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kFft = 512, kMaxLag = 4096 };

static short* read_raw(const char* path, long* count) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  short* s = malloc(size + 2);
  *count = (long)fread(s, 2, size / 2, f);
  fclose(f);
  return s;
}

static double at(const short* s, long n, long i) { return i >= 0 && i < n ? s[i] / 32768.0 : 0; }

/* The lag maximising the normalised cross-correlation over a window of REF
 * starting at its first speech. */
static long find_lag(const short* ref, long nr, const short* test, long nt, int rate_hz) {
  long start = 0;
  while (start < nr && abs(ref[start]) < 300) ++start;
  long len = 2L * rate_hz;
  if (start + len > nr) len = nr - start;
  long best = 0;
  double best_c = -2;
  for (long lag = -kMaxLag; lag <= kMaxLag; ++lag) {
    double xy = 0, yy = 1e-12;
    for (long i = start; i < start + len; ++i) {
      double y = at(test, nt, i + lag);
      xy += at(ref, nr, i) * y;
      yy += y * y;
    }
    double c = xy / sqrt(yy);
    if (c > best_c) best_c = c, best = lag;
  }
  return best;
}

static void fft(double* re, double* im, int n) {
  for (int i = 1, j = 0; i < n; ++i) {
    int bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (int len = 2; len <= n; len <<= 1) {
    double a = -2 * M_PI / len;
    for (int i = 0; i < n; i += len)
      for (int k = 0; k < len / 2; ++k) {
        double wr = cos(a * k), wi = sin(a * k);
        double *ur = &re[i + k], *ui = &im[i + k], *vr = &re[i + k + len / 2],
               *vi = &im[i + k + len / 2];
        double xr = *vr * wr - *vi * wi, xi = *vr * wi + *vi * wr;
        *vr = *ur - xr;
        *vi = *ui - xi;
        *ur += xr;
        *ui += xi;
      }
  }
}

/* Power spectrum (kFft / 2 + 1 bins) of FRAME samples from s[from], Hann-windowed. */
static void power(const short* s, long n, long from, int frame, double* out) {
  double re[kFft] = {0}, im[kFft] = {0};
  for (int i = 0; i < frame && i < kFft; ++i)
    re[i] = at(s, n, from + i) * (0.5 - 0.5 * cos(2 * M_PI * i / (frame - 1)));
  fft(re, im, kFft);
  for (int k = 0; k <= kFft / 2; ++k) out[k] = re[k] * re[k] + im[k] * im[k];
}

typedef struct {
  double sig, err, seg_sum, lsd_sum, lsd8_sum, hf_ref, hf_test;
  long frames;
  double mean_ref[kFft / 2 + 1], mean_test[kFft / 2 + 1];
} Sums;

static void add_frame(Sums* m, const short* ref, long nr, const short* test, long nt, long from,
                      long lag, int frame, int rate_hz) {
  double sig = 0, err = 0;
  for (int i = 0; i < frame; ++i) {
    double r = at(ref, nr, from + i), d = r - at(test, nt, from + i + lag);
    sig += r * r, err += d * d;
  }
  if (sqrt(sig / frame) < 0.001) return; /* -60 dBFS: a pause */
  double seg = 10 * log10(sig / (err + 1e-20));
  m->seg_sum += seg < -10 ? -10 : seg > 35 ? 35 : seg;
  m->sig += sig, m->err += err, ++m->frames;
  double pr[kFft / 2 + 1], pt[kFft / 2 + 1], d2 = 0, d2_8k = 0;
  power(ref, nr, from, frame, pr);
  power(test, nt, from + lag, frame, pt);
  int bins_8k = 0;
  for (int k = 0; k <= kFft / 2; ++k) {
    double hz = (double)k * rate_hz / kFft;
    double d = 10 * log10((pr[k] + 1e-8) / (pt[k] + 1e-8));
    d2 += d * d;
    if (hz <= 8000)
      d2_8k += d * d, ++bins_8k;
    else
      m->hf_ref += pr[k], m->hf_test += pt[k];
    m->mean_ref[k] += pr[k], m->mean_test[k] += pt[k];
  }
  m->lsd_sum += sqrt(d2 / (kFft / 2 + 1));
  m->lsd8_sum += sqrt(d2_8k / bins_8k);
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: quality_metrics REF.s16 TEST.s16 RATE_HZ\n");
    return 1;
  }
  long nr = 0, nt = 0;
  short *ref = read_raw(argv[1], &nr), *test = read_raw(argv[2], &nt);
  int rate_hz = atoi(argv[3]);
  if (!ref || !test || nr == 0 || rate_hz <= 0) {
    fprintf(stderr, "quality_metrics: cannot read the inputs\n");
    return 1;
  }
  long lag = find_lag(ref, nr, test, nt, rate_hz);
  int frame = rate_hz / 50;
  if (frame > kFft) frame = kFft;
  Sums* m = calloc(1, sizeof *m);
  for (long from = 0; from + frame <= nr; from += frame)
    add_frame(m, ref, nr, test, nt, from, lag, frame, rate_hz);
  if (m->frames == 0) {
    fprintf(stderr, "quality_metrics: no speech in the reference\n");
    return 1;
  }
  int cutoff = 0;
  for (int k = 1; k <= kFft / 2; ++k)
    if (m->mean_ref[k] > 0 && m->mean_test[k] >= m->mean_ref[k] * 0.1) cutoff = k;
  printf(
      "lag_samples=%ld ref_samples=%ld test_samples=%ld speech_frames=%ld snr_db=%.2f "
      "segsnr_db=%.2f lsd_db=%.2f lsd_8k_db=%.2f hf_ratio_db=%.2f cutoff_hz=%.0f\n",
      lag, nr, nt, m->frames, 10 * log10(m->sig / (m->err + 1e-20)), m->seg_sum / m->frames,
      m->lsd_sum / m->frames, m->lsd8_sum / m->frames,
      10 * log10((m->hf_test + 1e-20) / (m->hf_ref + 1e-20)), (double)cutoff * rate_hz / kFft);
  free(m);
  free(ref);
  free(test);
  return 0;
}
