#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times PhaseLab's FGLA iteration against torchaudio's GriffinLim, alternating in one run.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-torchaudio 0.13.1) after building
gla_bench and phaselab-cli (Release):
    /usr/bin/python3 scripts/compare_torchaudio.py --build build/release [--rounds 3]
For 10 s and 60 s of 44.1 kHz audio (bench/bench_util.hpp's tones + noise, regenerated here) at
n_fft/hop 2048/512 and 1024/256, each round times, one after the other:
  - PhaseLab: `gla_bench --one` (median seconds per FGLA iteration, the loop alone) on FFTW with 1 and
    2 threads and on KissFFT with 1 thread; with 1 thread also that backend's bare floor (one inverse
    + one forward real FFT per frame, nothing else) and both in CPU time;
  - torchaudio: GriffinLim(power=1, momentum=0.99, rand_init=False), torch.set_num_threads(1 and 2),
    per iteration = (time(n_iter=K2) - time(n_iter=K1)) / (K2 - K1), so setup cancels out.
`--seconds 10` keeps only the 10 s configurations; `--no-memory` skips the memory part.
Prints medians over the rounds and the ratios of the issue's goals, then the peak RSS
(/usr/bin/time -v) of `phaselab-cli reconstruct` on 60 s at 2048/512 (FGLA, 10 iterations), with
--audio (reference metrics on) and with --magnitude (no reference).
"""
import argparse
import json
import math
import pathlib
import re
import statistics
import subprocess
import tempfile
import time

import numpy as np
import scipy.io.wavfile
import torch
import torchaudio

ROOT = pathlib.Path(__file__).resolve().parent.parent
RATE = 44100
CONFIGS = [(10, 2048, 512), (10, 1024, 256), (60, 2048, 512), (60, 1024, 256)]


def bench_signal(seconds):
    """bench/bench_util.hpp's benchSignal, sample for sample (LCG noise + two tones)."""
    n = int(seconds * RATE)
    state = 12345
    noise = np.empty(n)
    for i in range(n):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        noise[i] = ((state >> 8) / 16777216.0 - 0.5) * 0.05
    t = np.arange(n)
    return (0.3 * np.sin(0.0627 * t) + 0.2 * np.sin(0.31 * t + 0.5) + noise).astype(np.float32)


def torch_iteration_seconds(x, n_fft, hop, threads, seconds):
    torch.set_num_threads(threads)
    window = torch.hann_window(n_fft)
    magnitude = torch.stft(x, n_fft, hop, window=window, center=True, pad_mode="reflect", normalized=False,
                           onesided=True, return_complex=True).abs()
    few, many = (1, 4) if seconds > 30 else (2, 12)

    def run(n_iter):
        griffin_lim = torchaudio.transforms.GriffinLim(n_fft=n_fft, hop_length=hop, power=1.0, n_iter=n_iter,
                                                       momentum=0.99, rand_init=False, length=len(x))
        start = time.perf_counter()
        griffin_lim(magnitude)
        return time.perf_counter() - start

    run(1)  # warm-up
    return (run(many) - run(few)) / (many - few)


def phaselab_iteration(build, seconds, n_fft, hop, threads, backend="fftw"):
    iterations = 5 if seconds > 30 else 20
    output = subprocess.run([str(build / "bench" / "gla_bench"), "--one", str(seconds), str(n_fft), str(hop),
                             str(threads), str(iterations), "3", backend], check=True, capture_output=True,
                            text=True).stdout
    return json.loads(output)


def peak_rss_mb(command):
    result = subprocess.run(["/usr/bin/time", "-v"] + command, check=True, capture_output=True, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(ROOT / "build" / "release"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, choices=(10, 60), help="only the configurations of this length")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS measurement")
    args = parser.parse_args()
    build = pathlib.Path(args.build)
    configs = [c for c in CONFIGS if args.seconds is None or c[0] == args.seconds]
    signals = {seconds: bench_signal(seconds) for seconds in {c[0] for c in configs} | ({60} if not args.no_memory else set())}
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}; load average at start {' '.join(load)}; "
          f"medians of {args.rounds} alternating rounds")
    rows = []
    for seconds, n_fft, hop in configs:
        x = torch.from_numpy(signals[seconds])
        samples = {key: [] for key in ("p1", "p2", "t1", "t2", "floor", "p1cpu", "floorcpu", "k1", "kfloor")}
        frames = 0
        for _ in range(args.rounds):
            one = phaselab_iteration(build, seconds, n_fft, hop, 1)
            samples["p1"].append(one["iteration_s"])
            samples["floor"].append(one["floor_s"])
            samples["p1cpu"].append(one["iteration_cpu_s"])
            samples["floorcpu"].append(one["floor_cpu_s"])
            frames = one["frames"]
            kiss = phaselab_iteration(build, seconds, n_fft, hop, 1, "kiss")
            samples["k1"].append(kiss["iteration_s"])
            samples["kfloor"].append(kiss["floor_s"])
            samples["t1"].append(torch_iteration_seconds(x, n_fft, hop, 1, seconds))
            samples["p2"].append(phaselab_iteration(build, seconds, n_fft, hop, 2)["iteration_s"])
            samples["t2"].append(torch_iteration_seconds(x, n_fft, hop, 2, seconds))
        m = {key: statistics.median(values) for key, values in samples.items()}
        rows.append((seconds, n_fft, hop, frames, m))
    print()
    print("| audio | n_fft/hop | frames | KissFFT floor ms | PhaseLab KissFFT 1 thr ms | FFTW floor ms "
          "| PhaseLab FFTW 1 thr ms | PhaseLab FFTW 2 thr ms | torchaudio 1 thr ms | torchaudio 2 thr ms "
          "| FFTW ratio to floor (wall / CPU) | 2-thread speed-up | vs torchaudio 1 thr | vs torchaudio 2 thr |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for seconds, n_fft, hop, frames, m in rows:
        print(f"| {seconds} s | {n_fft}/{hop} | {frames} | {m['kfloor'] * 1e3:.1f} | {m['k1'] * 1e3:.1f} | "
              f"{m['floor'] * 1e3:.1f} | {m['p1'] * 1e3:.1f} | "
              f"{m['p2'] * 1e3:.1f} | {m['t1'] * 1e3:.1f} | {m['t2'] * 1e3:.1f} | "
              f"{m['p1'] / m['floor']:.2f} / {m['p1cpu'] / m['floorcpu']:.2f} | {m['p1'] / m['p2']:.2f} | "
              f"{m['t1'] / m['p1']:.2f}x | {m['t2'] / m['p2']:.2f}x |")
    if args.no_memory:
        return

    with tempfile.TemporaryDirectory() as work:
        wav = pathlib.Path(work) / "sixty.wav"
        scipy.io.wavfile.write(wav, RATE, signals[60])
        cli = str(build / "app" / "phaselab-cli")
        magnitude = pathlib.Path(work) / "sixty.npy"
        subprocess.run([cli, "analyze", str(wav), "--n-fft", "2048", "--hop", "512", "--magnitude", str(magnitude)],
                       check=True, capture_output=True)
        common = ["--n-fft", "2048", "--hop", "512", "--algorithm", "fgla", "--iterations", "10",
                  "--out", str(pathlib.Path(work) / "out.wav")]
        with_reference = peak_rss_mb([cli, "reconstruct", "--audio", str(wav)] + common)
        without = peak_rss_mb([cli, "reconstruct", "--magnitude", str(magnitude), "--sample-rate", str(RATE)] + common)
    print()
    print(f"Peak RSS, 60 s 44.1 kHz, 2048/512, FGLA 10 iterations: --audio (reference, phase metrics) "
          f"{with_reference:.1f} MB; --magnitude (no reference) {without:.1f} MB (goal <= 150 MB)")


if __name__ == "__main__":
    main()
