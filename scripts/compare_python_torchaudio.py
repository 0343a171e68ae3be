#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The same FGLA from Python with torchaudio and with phaselab.reconstruct: time and spectral convergence.

Run with Debian's /usr/bin/python3 (python3-torch, python3-torchaudio) after building the module:
    PYTHONPATH=build/release/python /usr/bin/python3 scripts/compare_python_torchaudio.py [--rounds 3]
On the demo clip (resources/demo.flac, 8.8 s of 22.05 kHz speech, chirp and chord) at n_fft/hop
1024/256 and 2048/512, Hann: torchaudio's GriffinLim(power=1, momentum=0.99, rand_init=False,
n_iter=100) and phaselab.reconstruct(algorithm="fgla", momentum=0.99, init="zero", iterations=100),
both from the same magnitude (torch.stft), with 1 and 2 threads, alternating, wall-clock medians
over the rounds of the whole call. Spectral convergence of both results is measured here with
torch.stft, 20 log10(|| |STFT(y)| - S || / ||S||). Also phaselab with init="pghi" (same iterations).
"""
import argparse
import pathlib
import statistics
import time

import numpy as np
import torch
import torchaudio

import phaselab

ROOT = pathlib.Path(__file__).resolve().parent.parent


def spectral_convergence_db(y, magnitude, n_fft, hop):
    estimate = torch.stft(torch.from_numpy(np.asarray(y, np.float32)), n_fft, hop, window=torch.hann_window(n_fft),
                          center=True, pad_mode="reflect", return_complex=True).abs()
    frames = min(estimate.shape[1], magnitude.shape[1])
    difference = estimate[:, :frames] - magnitude[:, :frames]
    return float(20 * torch.log10(torch.linalg.norm(difference) / torch.linalg.norm(magnitude)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()
    audio, rate = torchaudio.load(str(ROOT / "resources" / "demo.flac"))
    x = audio.mean(dim=0).contiguous()
    print(f"demo: {len(x) / rate:.1f} s at {rate} Hz, {args.iterations} iterations, {args.rounds} rounds")
    print("n_fft/hop threads | torchaudio s  SC dB | phaselab fgla s  SC dB | ratio | phaselab pghi->fgla SC dB")
    for n_fft, hop in [(1024, 256), (2048, 512)]:
        magnitude = torch.stft(x, n_fft, hop, window=torch.hann_window(n_fft), center=True, pad_mode="reflect",
                               return_complex=True).abs()
        magnitude_np = magnitude.numpy()
        for threads in (1, 2):
            torch.set_num_threads(threads)
            times = {"torch": [], "phaselab": []}
            results = {}
            for _ in range(args.rounds):
                griffin_lim = torchaudio.transforms.GriffinLim(n_fft=n_fft, hop_length=hop, power=1.0,
                                                               n_iter=args.iterations, momentum=0.99,
                                                               rand_init=False, length=len(x))
                start = time.perf_counter()
                results["torch"] = griffin_lim(magnitude).numpy()
                times["torch"].append(time.perf_counter() - start)
                start = time.perf_counter()
                results["phaselab"], _ = phaselab.reconstruct(magnitude_np, n_fft, hop, algorithm="fgla",
                                                              iterations=args.iterations, init="zero",
                                                              threads=threads, length=len(x))
                times["phaselab"].append(time.perf_counter() - start)
            pghi, _ = phaselab.reconstruct(magnitude_np, n_fft, hop, algorithm="fgla", iterations=args.iterations,
                                           init="pghi", threads=threads, length=len(x))
            t_torch, t_lab = statistics.median(times["torch"]), statistics.median(times["phaselab"])
            print(f"{n_fft}/{hop} {threads} | {t_torch:.3f} {spectral_convergence_db(results['torch'], magnitude, n_fft, hop):.2f}"
                  f" | {t_lab:.3f} {spectral_convergence_db(results['phaselab'], magnitude, n_fft, hop):.2f}"
                  f" | {t_torch / t_lab:.2f}x | {spectral_convergence_db(pghi, magnitude, n_fft, hop):.2f}")


if __name__ == "__main__":
    main()
