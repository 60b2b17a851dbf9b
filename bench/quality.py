#!/usr/bin/env python3
"""Decoded quality of MP3s against the PCM they were made from (issue 20). Run by
bench/quality.sh. Python 3 standard library; the arithmetic is in C
(quality_metrics.c, and lame_settings.c for the c: settings), compiled at run time.

  quality.py pairs SOURCE.wav CODED.mp3 [SOURCE.wav CODED.mp3 ...]
      The figures of each pair (the MP3 decoded at the WAV's rate).
  quality.py encode SOURCE.wav SETTING...
      Encodes SOURCE.wav with each SETTING, then the figures of each. A SETTING is
        cli:OPTIONS   the lame program with these options (e.g. "cli:-q 7 -b 64 -m m")
        c:K=V,...     bench/lame_settings.c: quality=N no_short_blocks=0|1 cbr=KBPS|vbr=Q
                      out_rate_hz=HZ (e.g. "c:quality=7,no_short_blocks=1,cbr=64")

Figures: lag found by cross-correlation (0 when ffmpeg's gapless decoding has
trimmed LAME's delay and padding), SNR and segmental SNR over speech, log-spectral
distance (whole band and up to 8 kHz), energy above 8 kHz against the source,
the bandwidth kept, and for encode the wall time of the encoder and its bit rate.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def compile_tool(tmp, name, libs):
    exe = os.path.join(tmp, name)
    subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, name + ".c")] + libs,
                   check=True)
    return exe


def wav_rate_hz(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                          "stream=sample_rate", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def decode(path, rate_hz, raw):
    """PATH decoded (gapless, as ffmpeg does by itself) to s16le mono at RATE_HZ."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", path, "-f", "s16le", "-ac", "1",
                    "-ar", str(rate_hz), raw], check=True, stdin=subprocess.DEVNULL)


def duration_s(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def measure(metrics, ref_raw, mp3, rate_hz, tmp):
    raw = os.path.join(tmp, "test.s16")
    decode(mp3, rate_hz, raw)
    out = subprocess.run([metrics, ref_raw, raw, str(rate_hz)], capture_output=True,
                         text=True, check=True).stdout
    os.unlink(raw)
    figures = dict(kv.split("=") for kv in out.split())
    figures["kbps"] = f"{os.path.getsize(mp3) * 8 / duration_s(mp3) / 1000:.1f}"
    return figures


def encode(setting, source, mp3, tools):
    kind, _, rest = setting.partition(":")
    if kind == "cli":
        cmd = ["lame", "--quiet"] + shlex.split(rest) + [source, mp3]
    elif kind == "c":
        cmd = [tools["lame_settings"], source, mp3] + [kv for kv in rest.split(",") if kv]
    else:
        sys.exit(f"quality.py: a setting starts with cli: or c:, not {setting!r}")
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - t0


COLUMNS = [("lag_samples", "lag"), ("kbps", "kbps"), ("snr_db", "SNR dB"),
           ("segsnr_db", "segSNR dB"), ("lsd_db", "LSD dB"), ("lsd_8k_db", "LSD<8k dB"),
           ("hf_ratio_db", ">8kHz dB"), ("cutoff_hz", "band Hz"), ("encode_s", "encode s")]


def print_table(rows):
    """ROWS: [(name, figures)]."""
    name_w = max(len("coded file / setting"), *(len(n) for n, _ in rows))
    head = f"{'coded file / setting':<{name_w}}" + "".join(f"{h:>11}" for _, h in COLUMNS)
    print(head)
    print("-" * len(head))
    for name, f in rows:
        print(f"{name:<{name_w}}" + "".join(f"{f.get(k, '-'):>11}" for k, _ in COLUMNS))
    print("-" * len(head))


def source_raw(source, tmp, key):
    rate_hz = wav_rate_hz(source)
    raw = os.path.join(tmp, f"ref{key}.s16")
    decode(source, rate_hz, raw)
    return raw, rate_hz


def cmd_pairs(argv, tmp, tools):
    if not argv or len(argv) % 2:
        sys.exit("usage: quality.py pairs SOURCE.wav CODED.mp3 [...]")
    rows = []
    for i in range(0, len(argv), 2):
        raw, rate_hz = source_raw(argv[i], tmp, i)
        rows.append((os.path.basename(argv[i + 1]),
                     measure(tools["quality_metrics"], raw, argv[i + 1], rate_hz, tmp)))
        os.unlink(raw)
    print_table(rows)


def cmd_encode(argv, tmp, tools):
    if len(argv) < 2:
        sys.exit("usage: quality.py encode SOURCE.wav SETTING...")
    source, settings = argv[0], argv[1:]
    if any(s.startswith("c:") for s in settings):
        tools["lame_settings"] = compile_tool(tmp, "lame_settings", ["-lmp3lame"])
    raw, rate_hz = source_raw(source, tmp, "")
    rows = []
    for i, setting in enumerate(settings):
        mp3 = os.path.join(tmp, f"setting{i}.mp3")
        wall = encode(setting, source, mp3, tools)
        figures = measure(tools["quality_metrics"], raw, mp3, rate_hz, tmp)
        figures["encode_s"] = f"{wall:.2f}"
        rows.append((setting, figures))
    print(f"source: {os.path.basename(source)}, {rate_hz} Hz, "
          f"{os.path.getsize(raw) / 2 / rate_hz / 60:.1f} min")
    print_table(rows)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("pairs", "encode"):
        sys.exit(__doc__)
    tmp = tempfile.mkdtemp(prefix="narrate-quality.")
    try:
        tools = {"quality_metrics": compile_tool(tmp, "quality_metrics", ["-lm"])}
        {"pairs": cmd_pairs, "encode": cmd_encode}[sys.argv[1]](sys.argv[2:], tmp, tools)
    finally:
        shutil.rmtree(tmp)
    print("lag: samples TEST lags the source (0: gapless decoding trimmed LAME's delay); "
          "SNR, segSNR (20 ms frames, -10..35 dB), LSD: speech frames (above -60 dBFS) only;")
    print(">8kHz: energy above 8 kHz against the source's; band: highest frequency within "
          "10 dB of the source's mean spectrum; encode s: wall time, machine may be busy")


if __name__ == "__main__":
    main()
