#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures PhaseLab on mel dumps against the usual answer, torchaudio's InverseMelScale + GriffinLim.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-torchaudio 0.13.1) after building
phaselab-cli (Release):
    /usr/bin/python3 scripts/compare_mel_torchaudio.py --build build/release [--seconds 1.5] [--torch-timeout 600]
For each convention of tests/fixtures/make_mel_fixtures.py (HiFi-GAN ln, ASR log10, librosa
power_to_db, torchaudio MelSpectrogram defaults, Whisper's encoder features, and a making none of
them describes) it makes a dump of the first SECONDS of
resources/demo.flac (the committed 1.5 s fixtures when SECONDS is 1.5) and reports:
  - guess --sample-rate: mel recognised, n_mels, n_fft/hop of the top 3, formula, value scale,
    fmax within 5 %;
  - the mel spectral convergence (20 log10 ||g M(y) - M|| / ||M||, best gain g, M(y) the dump's own
    making applied to the sound y, computed here with torch/torchaudio, centred framing) of
    `reconstruct --auto` and of the reference pipeline given the true making (per-frame NNLS + 100
    FGLA iterations, --mel-rounds 1), and of torchaudio's InverseMelScale + GriffinLim(100 iterations,
    momentum 0.99) given the true making;
  - wall time of each on one thread (phaselab-cli --threads 1, torch.set_num_threads(1));
    torchaudio's run is stopped after --torch-timeout seconds (reported as "> T s").
"""
import argparse
import json
import math
import multiprocessing
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchaudio
import torchaudio.functional as AF

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_mel_fixtures as fixtures  # noqa: E402

CONVENTIONS = {
    "hifigan": dict(sr=22050, n_fft=1024, hop=256, n_mels=80, fmin=0.0, fmax=8000.0, scale="slaney", norm="slaney",
                    power=1, center=False, pad_mode="reflect", pre_pad=384, value_scale="ln"),
    "asr": dict(sr=16000, n_fft=400, hop=160, n_mels=80, fmin=0.0, fmax=8000.0, scale="slaney", norm="slaney",
                power=2, center=True, pad_mode="reflect", pre_pad=0, value_scale="log10"),
    "librosa": dict(sr=22050, n_fft=2048, hop=512, n_mels=128, fmin=0.0, fmax=11025.0, scale="slaney",
                    norm="slaney", power=2, center=True, pad_mode="constant", pre_pad=0, value_scale="db"),
    "torchaudio": dict(sr=16000, n_fft=400, hop=200, n_mels=128, fmin=0.0, fmax=8000.0, scale="htk", norm=None,
                       power=2, center=True, pad_mode="reflect", pre_pad=0, value_scale="linear"),
    "whisper": dict(sr=16000, n_fft=400, hop=160, n_mels=80, fmin=0.0, fmax=8000.0, scale="slaney", norm="slaney",
                    power=2, center=True, pad_mode="reflect", pre_pad=0, value_scale="whisper", silence_after=1.5,
                    drop_last_frame=True),
    # No producer's defaults: 10 log10(clamp(M, 1e-10)) without ref or top_db, as AmplitudeToDB() stores it.
    "unconventional": dict(sr=16000, n_fft=512, hop=128, n_mels=96, fmin=40.0, fmax=7600.0, scale="htk",
                           norm="slaney", power=2, center=True, pad_mode="reflect", pre_pad=0, value_scale="db",
                           db_reference=None),
}


def encode(mel, c):
    if c["value_scale"] == "ln":
        return torch.log(torch.clamp(mel, min=1e-5))
    if c["value_scale"] == "log10":
        return torch.log10(torch.clamp(mel, min=1e-10))
    if c["value_scale"] == "whisper":
        log_spec = torch.log10(torch.clamp(mel, min=1e-10))
        return (torch.maximum(log_spec, log_spec.max() - 8.0) + 4.0) / 4.0
    if c["value_scale"] == "db" and "db_reference" in c:
        return 10 * torch.log10(torch.clamp(mel, min=1e-10))
    if c["value_scale"] == "db":
        db = 10 * torch.log10(torch.clamp(mel, min=1e-10)) - 10 * torch.log10(torch.clamp(mel.max(), min=1e-10))
        return torch.maximum(db, db.max() - 80.0)
    return mel


def decode(values, c):
    if c["value_scale"] == "ln":
        return np.exp(values)
    if c["value_scale"] == "log10":
        return 10.0 ** values
    if c["value_scale"] == "db":
        return 10.0 ** (values / 10.0)
    if c["value_scale"] == "whisper":
        return 10.0 ** (4.0 * values - 4.0)
    return values


def fbank(c):
    return AF.melscale_fbanks(c["n_fft"] // 2 + 1, c["fmin"], c["fmax"], c["n_mels"], c["sr"], norm=c["norm"],
                              mel_scale=c["scale"]).to(torch.float64)


def mel_convergence_db(y, target, c):
    """Best-gain mel spectral convergence of sound y against the decoded dump, centred framing."""
    y = torch.as_tensor(np.asarray(y, dtype=np.float64))
    spec = torch.stft(y, c["n_fft"], c["hop"], window=torch.hann_window(c["n_fft"], dtype=torch.float64),
                      center=True, pad_mode="reflect", return_complex=True).abs() ** c["power"]
    mel = (fbank(c).T @ spec).numpy()
    frames = min(mel.shape[1], target.shape[1])
    mel, target = mel[:, :frames], target[:, :frames]
    gain = float((mel * target).sum() / max((mel * mel).sum(), 1e-300))
    return 20 * math.log10(np.linalg.norm(gain * mel - target) / np.linalg.norm(target))


def read_wav(path):
    audio, _ = torchaudio.load(str(path))
    return audio[0].numpy()


def torchaudio_worker(mel, c, queue):
    torch.set_num_threads(1)
    start = time.perf_counter()
    inverse = torchaudio.transforms.InverseMelScale(c["n_fft"] // 2 + 1, c["n_mels"], c["sr"], c["fmin"], c["fmax"],
                                                    norm=c["norm"], mel_scale=c["scale"])
    linear = inverse(torch.as_tensor(mel, dtype=torch.float32))
    griffin = torchaudio.transforms.GriffinLim(c["n_fft"], n_iter=100, hop_length=c["hop"], power=c["power"],
                                               momentum=0.99, rand_init=False)
    y = griffin(linear)
    queue.put((time.perf_counter() - start, y.numpy()))


def run_torchaudio(mel, c, timeout):
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=torchaudio_worker, args=(mel, c, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join()
        return None, None
    return queue.get()


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(" ".join(command) + ": " + result.stderr)
    return time.perf_counter() - start, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/release")
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--torch-timeout", type=float, default=600)
    parser.add_argument("--only", nargs="*", default=list(CONVENTIONS))
    args = parser.parse_args()
    cli = str(ROOT / args.build / "app" / "phaselab-cli")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for name in args.only:
            c = CONVENTIONS[name]
            audio, rate = torchaudio.load(str(fixtures.DEMO))
            x = AF.resample(audio.mean(0)[: int(args.seconds * rate)], rate, c["sr"]).to(torch.float64)
            if c.get("silence_after"):
                x = torch.nn.functional.pad(x, (0, int(c["silence_after"] * c["sr"])))
            mel = fixtures.mel_of(x, c["sr"], c["n_fft"], c["hop"], c["n_mels"], c["fmin"], c["fmax"], c["scale"],
                                  c["norm"], c["power"], c["center"], c["pad_mode"], c["pre_pad"])
            if c.get("drop_last_frame"):
                mel = mel[:, :-1]
            values = encode(mel, c).to(torch.float32).numpy()
            dump = tmp / (name + ".npy")
            np.save(dump, values)
            target = decode(values.astype(np.float64), c)
            sr = str(c["sr"])

            _, guess_text = timed([cli, "guess", "--magnitude", str(dump), "--sample-rate", sr, "--top", "3", "--json"])
            candidates = json.loads(guess_text)["candidates"]
            best = candidates[0]
            melinfo = best.get("mel") or {}
            top3 = ["%d/%d" % (k["n_fft"], k["hop"]) for k in candidates]
            auto_wav, reference_wav = tmp / (name + "_auto.wav"), tmp / (name + "_ref.wav")
            auto_seconds, _ = timed([cli, "reconstruct", "--magnitude", str(dump), "--auto", "--sample-rate", sr,
                                     "--threads", "1", "--out", str(auto_wav)])
            making = ["--mel", str(c["n_mels"]), "--fmin", str(c["fmin"]), "--fmax", str(c["fmax"]), "--mel-scale",
                      c["scale"], "--mel-norm", c["norm"] or "none", "--power", str(c["power"]), "--scale",
                      c["value_scale"], "--n-fft", str(c["n_fft"]), "--hop", str(c["hop"]), "--sample-rate", sr]
            reference_seconds, _ = timed([cli, "reconstruct", "--magnitude", str(dump), "--algorithm", "fgla",
                                          "--iterations", "100", "--mel-rounds", "1", "--threads", "1", "--out",
                                          str(reference_wav)] + making)
            torch_seconds, torch_y = run_torchaudio(target, c, args.torch_timeout)
            row = {
                "convention": name, "seconds_of_audio": args.seconds,
                "recognised": bool(melinfo), "n_mels": melinfo.get("n_mels"), "n_mels_true": c["n_mels"],
                "top3": top3, "true": "%d/%d" % (c["n_fft"], c["hop"]),
                "formula": "%s/%s" % (melinfo.get("mel_scale"), melinfo.get("norm")),
                "formula_true": "%s/%s" % (c["scale"], c["norm"]),
                "value_scale": best["magnitude_scale"], "value_scale_true": c["value_scale"],
                "fmax_within_5pc": bool(melinfo) and abs(melinfo["fmax"] - c["fmax"]) <= 0.05 * c["fmax"],
                "mel_sc_auto_db": round(mel_convergence_db(read_wav(auto_wav), target, c), 2),
                "mel_sc_reference_db": round(mel_convergence_db(read_wav(reference_wav), target, c), 2),
                "mel_sc_torchaudio_db": None if torch_y is None else round(mel_convergence_db(torch_y, target, c), 2),
                "seconds_auto": round(auto_seconds, 2), "seconds_reference": round(reference_seconds, 2),
                "seconds_torchaudio": None if torch_seconds is None else round(torch_seconds, 1),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| convention | recognised | n_mels | n_fft/hop top 3 (true) | formula | scale | fmax ±5 % "
          "| mel SC --auto | NNLS+100 FGLA | torchaudio | time --auto / torchaudio (1 thread) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        torch_time = ("> %.0f s" % args.torch_timeout) if r["seconds_torchaudio"] is None else "%.1f s" % r["seconds_torchaudio"]
        torch_sc = "n/a" if r["mel_sc_torchaudio_db"] is None else "%.2f dB" % r["mel_sc_torchaudio_db"]
        print("| %s | %s | %s | %s (%s) | %s | %s | %s | %.2f dB | %.2f dB | %s | %.2f s / %s |" % (
            r["convention"], "yes" if r["recognised"] else "no", r["n_mels"], ", ".join(r["top3"]), r["true"],
            r["formula"], r["value_scale"], "yes" if r["fmax_within_5pc"] else "no", r["mel_sc_auto_db"],
            r["mel_sc_reference_db"], torch_sc, r["seconds_auto"], torch_time))


if __name__ == "__main__":
    main()
