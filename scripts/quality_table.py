#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Spectral convergence of every PhaseLab method and initial phase, next to torchaudio's GriffinLim.

Run with Debian's /usr/bin/python3 (python3-torch, python3-torchaudio 0.13.1) after building
phaselab-cli:
    /usr/bin/python3 scripts/quality_table.py --cli build/release/app/phaselab-cli \
        [--corpus ../shared/corpus] [--out docs/quality_table.md]
Clips: resources/demo.flac and the corpus clips p01 (en-us speech, 16 kHz) and p03 (en-gb speech,
22.05 kHz), analysed with n_fft 1024, hop 256, periodic Hann, centred (reflect). SC =
20 log10(|| |STFT(y)| - S || / ||S||) over the same STFT, S = |STFT(x)|. PhaseLab's figures come
from one `reconstruct --metrics` run per method and init (entry k of "iterations" = after k
iterations), except RAAR: one run per budget k, as its FGLA tail is the last 30 % of the run. torchaudio: transforms.GriffinLim(power=1, rand_init=False, momentum=0.99 (FGLA) or
0 (GLA), n_iter=k, length=len(x)), one run per k, its output analysed with torch.stft. Its
rand_init draws phases in [0, pi/2] only, so the comparison is with zero init.
`auto` (its pipeline depends on the budget): one run per budget k.
The pipeline table (--pipelines, or --pipelines-only for that table alone) is the one `auto` was
chosen from: candidate pipelines (`reconstruct --pipeline`) x budgets on the three distinct corpus
speech clips p01, p02, p03, per clip and median, with auto's own row and its goals, then the
candidates near auto's switch points.
Prints a Markdown report (tables, goal checks); --out writes it to a file as well.
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile

import torch
import torchaudio

ROOT = pathlib.Path(__file__).resolve().parent.parent
N_FFT, HOP = 1024, 256
CHECKPOINTS = (0, 10, 30, 50, 100, 200)
ITERATIVE = ("gla", "fgla", "raar")
INITS = ("zero", "random", "pghi", "spsi")
RTISI_ITERATIONS = (5, 10, 50, 100, 200)
PIPELINE_BUDGETS = (10, 30, 50, 100, 150, 200)
PIPELINE_CLIPS = ("p01", "p02", "p03")


def halves(n):
    return n // 2, n - n // 2


def restarted(init, method, n, every):
    stages, left = [], n
    while left > 0:
        stages.append(f"{method} x{min(every, left)}")
        left -= every
    return " -> ".join([init] + stages)


def fractions(n, first):
    head = max(1, round(n * first))
    return head, n - head


# Candidates for `auto`: name -> pipeline for a budget n (reconstruct --pipeline).
PIPELINES = {
    "fgla from zero": lambda n: f"zero -> fgla x{n}",
    "pghi -> fgla": lambda n: f"pghi -> fgla x{n}",
    "spsi -> fgla": lambda n: f"spsi -> fgla x{n}",
    "pghi -> agla": lambda n: f"pghi -> agla x{n}",
    "spsi -> agla": lambda n: f"spsi -> agla x{n}",
    "pghi -> fgla, restarted every 20": lambda n: restarted("pghi", "fgla", n, 20),
    "pghi -> agla, restarted every 20": lambda n: restarted("pghi", "agla", n, 20),
    "pghi -> agla, restarted halfway": lambda n: "pghi -> agla x{} -> agla x{}".format(*reversed(halves(n))),
    "pghi -> fgla 10 % -> agla": lambda n: "pghi -> fgla x{} -> agla x{}".format(*fractions(n, 0.1)),
    "pghi -> agla -> fgla 15 %": lambda n: "pghi -> agla x{} -> fgla x{}".format(*fractions(n, 0.85)),
    "pghi -> raar -> fgla 30 %": lambda n: "pghi -> raar x{} -> fgla x{}".format(*fractions(n, 0.7)),
    "zero -> raar -> fgla 30 % (= raar)": lambda n: "zero -> raar x{} -> fgla x{}".format(*fractions(n, 0.7)),
    "zero -> raar -> agla 30 %": lambda n: "zero -> raar x{} -> agla x{}".format(*fractions(n, 0.7)),
    "zero -> raar -> agla 50 %": lambda n: "zero -> raar x{} -> agla x{}".format(*halves(n)),
    "zero -> raar -> agla 60 %": lambda n: "zero -> raar x{} -> agla x{}".format(*fractions(n, 0.4)),
}


def load(path):
    audio, rate = torchaudio.load(str(path))
    return audio.mean(dim=0), rate


def torch_sc(y, magnitude, window):
    rebuilt = torch.stft(y, N_FFT, HOP, window=window, center=True, pad_mode="reflect", normalized=False,
                         onesided=True, return_complex=True).abs()
    return float(20 * torch.log10(torch.linalg.norm(rebuilt - magnitude) / torch.linalg.norm(magnitude)))


def torchaudio_curve(x, momentum):
    window = torch.hann_window(N_FFT)
    magnitude = torch.stft(x, N_FFT, HOP, window=window, center=True, pad_mode="reflect", normalized=False,
                           onesided=True, return_complex=True).abs()
    curve = {}
    for k in CHECKPOINTS:
        if k == 0:
            continue
        griffin_lim = torchaudio.transforms.GriffinLim(n_fft=N_FFT, hop_length=HOP, power=1.0, n_iter=k,
                                                       momentum=momentum, rand_init=False, length=len(x))
        curve[k] = torch_sc(griffin_lim(magnitude), magnitude, window)
    return curve


def phaselab(cli, audio, work, algorithm, iterations, init=None, extra=()):
    metrics = pathlib.Path(work) / "metrics.json"
    command = [cli, "reconstruct", "--audio", str(audio), "--n-fft", str(N_FFT), "--hop", str(HOP),
               "--algorithm", algorithm, "--iterations", str(iterations), "--metrics", str(metrics), "--threads", "2"]
    if init:
        command += ["--init", init]
    command += list(extra)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return json.loads(metrics.read_text())


def final_sc(cli, audio, work, extra):
    metrics = pathlib.Path(work) / "pipeline.json"
    subprocess.run([cli, "reconstruct", "--audio", str(audio), "--n-fft", str(N_FFT), "--hop", str(HOP),
                    "--metrics", str(metrics), "--threads", "2", *extra], check=True, stdout=subprocess.DEVNULL)
    result = json.loads(metrics.read_text())
    return result["final"]["spectral_convergence_db"], result.get("pipeline")


def pipeline_report(cli, corpus, work):
    clips = [(case, corpus / case / "audio.wav") for case in PIPELINE_CLIPS if (corpus / case / "audio.wav").exists()]
    if not clips:
        return ["(no corpus clips: pipeline table skipped)", ""]
    names = "/".join(case for case, _ in clips)
    lines = [f"### Pipelines for `auto`: SC in dB after the budget, median over {names} (per clip in brackets)", "",
             "| pipeline | " + " | ".join(str(k) for k in PIPELINE_BUDGETS) + " |",
             "|" + "---|" * (len(PIPELINE_BUDGETS) + 1)]
    rows = {}

    def row(name, extra_for):
        cells, medians = [], {}
        for k in PIPELINE_BUDGETS:
            values = [final_sc(cli, audio, work, extra_for(k))[0] for _, audio in clips]
            medians[k] = statistics.median(values)
            cells.append(f"{medians[k]:.2f} ({' / '.join(f'{v:.1f}' for v in values)})")
        rows[name] = medians
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    for name, make in PIPELINES.items():
        row(name, lambda k, make=make: ["--pipeline", make(k)])
    row("**auto**", lambda k: ["--algorithm", "auto", "--iterations", str(k)])
    chosen = [f"{k}: `{final_sc(cli, clips[0][1], work, ['--algorithm', 'auto', '--iterations', str(k)])[1]}`"
              for k in PIPELINE_BUDGETS]
    best = {k: min(rows, key=lambda name: rows[name][k]) for k in PIPELINE_BUDGETS}
    lines += ["", "auto's pipeline by budget: " + ", ".join(chosen) + ".",
              "Best median by budget: " + ", ".join(f"{k}: {best[k]} ({rows[best[k]][k]:.2f})" for k in PIPELINE_BUDGETS) + ".",
              f"- auto at 30: {rows['**auto**'][30]:.2f} dB (goal ≤ −32), at 200: {rows['**auto**'][200]:.2f} dB (goal ≤ −40)",
              "- auto against FGLA from zero (median): " +
              ", ".join(f"{k}: {rows['**auto**'][k] - rows['fgla from zero'][k]:+.2f} dB" for k in PIPELINE_BUDGETS) +
              " (goal: never above 0)", ""]
    return lines


# Near auto's switch points: budget -> the candidates compared there.
BOUNDARIES = {16: ("lead", "halves"), 20: ("lead", "halves"), 24: ("lead", "halves"), 65: ("lead", "halves", "agla"),
              75: ("lead", "halves", "agla"), 90: ("lead", "halves", "agla"), 115: ("lead", "agla"), 125: ("lead", "agla"),
              140: ("lead", "agla"), 175: ("lead", "raar"), 185: ("lead", "raar")}
BOUNDARY_PIPELINES = {
    "lead": lambda n: f"pghi -> fgla x{(n + 5) // 10} -> agla x{n - (n + 5) // 10}",
    "halves": lambda n: "pghi -> agla x{1} -> agla x{0}".format(*halves(n)),
    "agla": lambda n: f"pghi -> agla x{n}",
    "raar": lambda n: "zero -> raar x{} -> agla x{}".format(*halves(n)),
}


def boundary_report(cli, corpus, work):
    clips = [corpus / case / "audio.wav" for case in PIPELINE_CLIPS if (corpus / case / "audio.wav").exists()]
    if not clips:
        return []
    names = list(BOUNDARY_PIPELINES)
    lines = ["### Near auto's switch points: median SC in dB", "", "| N | " + " | ".join(names) + " |",
             "|" + "---|" * (len(names) + 1)]
    for n, candidates in BOUNDARIES.items():
        cells = []
        for name in names:
            if name in candidates:
                values = [final_sc(cli, audio, work, ["--pipeline", BOUNDARY_PIPELINES[name](n)])[0] for audio in clips]
                cells.append(f"{statistics.median(values):.2f}")
            else:
                cells.append("")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return lines + [""]


def fmt(value):
    return "—" if value is None else f"{value:.2f}"


def clip_report(cli, name, audio, work):
    x, rate = load(audio)
    lines = [f"### {name} ({len(x) / rate:.2f} s, {rate} Hz)", ""]
    header = "| method | init | " + " | ".join(f"{k}" for k in CHECKPOINTS) + " |"
    lines += [header, "|" + "---|" * (len(CHECKPOINTS) + 2)]
    curves = {}
    for algorithm in ITERATIVE:
        for init in INITS:
            metrics = phaselab(cli, audio, work, algorithm, max(CHECKPOINTS), init)
            sc = [entry["spectral_convergence_db"] for entry in metrics["iterations"]]
            if algorithm == "raar":
                # RAAR's last 30 % run as FGLA, so its figure for a budget of k iterations comes
                # from a run of k iterations (the 200-run's entry k is RAAR without its tail).
                for k in CHECKPOINTS:
                    if 0 < k < max(CHECKPOINTS):
                        sc[k] = phaselab(cli, audio, work, algorithm, k, init)["final"]["spectral_convergence_db"]
            curves[(algorithm, init)] = sc
            lines.append(f"| {algorithm} | {init} | " + " | ".join(fmt(sc[k]) for k in CHECKPOINTS) + " |")
    torch_curves = {}
    for label, momentum in (("fgla", 0.99), ("gla", 0.0)):
        curve = torchaudio_curve(x, momentum)
        torch_curves[label] = curve
        lines.append(f"| torchaudio {label} | zero (ones) | — | " +
                     " | ".join(fmt(curve[k]) for k in CHECKPOINTS if k) + " |")
    one_pass = {}
    for algorithm in ("pghi", "spsi", "istft"):
        one_pass[algorithm] = phaselab(cli, audio, work, algorithm, 0)["final"]["spectral_convergence_db"]
    auto_row = [phaselab(cli, audio, work, "auto", k)["final"]["spectral_convergence_db"] for k in CHECKPOINTS]
    lines.insert(len(lines) - 2, "| auto | (its own) | " + " | ".join(fmt(v) for v in auto_row) + " |")
    rtisi = {k: phaselab(cli, audio, work, "rtisi-la", k)["final"]["spectral_convergence_db"] for k in RTISI_ITERATIONS}
    lines += ["", "One-pass methods: " + ", ".join(f"{a} {fmt(v)} dB" for a, v in one_pass.items()) +
              " (istft = zero phase).",
              "RTISI-LA (look-ahead 3) by iterations per frame: " +
              ", ".join(f"{k}: {fmt(v)} dB" for k, v in rtisi.items()) + ".", ""]

    # Goal checks.
    fgla_ours, fgla_torch = curves[("fgla", "zero")][100], torch_curves["fgla"][100]
    checks = [f"- FGLA zero init at 100: PhaseLab {fmt(fgla_ours)} dB, torchaudio {fmt(fgla_torch)} dB, "
              f"difference {abs(fgla_ours - fgla_torch):.3f} dB (goal ≤ 0.5)",
              f"- PGHI alone: {fmt(one_pass['pghi'])} dB (goal ≤ −22 on speech)"]
    for algorithm, k in (("fgla", 30), ("gla", 100)):
        gain = curves[(algorithm, "zero")][k] - curves[(algorithm, "pghi")][k]
        zero, warm = curves[(algorithm, "zero")], curves[(algorithm, "pghi")]
        caught = next((i for i in range(len(zero)) if zero[i] <= warm[i]), None)
        where = f"zero init catches up at iteration {caught}" if caught is not None else \
            f"still {zero[-1] - warm[-1]:.2f} dB ahead at {len(zero) - 1}"
        checks.append(f"- PGHI → {algorithm.upper()} at {k}: {fmt(warm[k])} dB vs zero init {fmt(zero[k])} dB: "
                      f"{gain:.2f} dB better (goal ≥ 4); {where}")
    for k in (10, 30, 50, 100, 200):
        checks.append(f"- RAAR vs FGLA (zero init) at {k}: {fmt(curves[('raar', 'zero')][k])} vs "
                      f"{fmt(curves[('fgla', 'zero')][k])} dB")
    return lines + checks + [""]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", default=str(ROOT / "build" / "release" / "app" / "phaselab-cli"))
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--out")
    parser.add_argument("--pipelines", action="store_true", help="add the pipeline table auto was chosen from")
    parser.add_argument("--pipelines-only", action="store_true", help="print the pipeline table alone")
    args = parser.parse_args()
    clips = [("demo.flac (speech, chirp, chord)", ROOT / "resources" / "demo.flac")]
    corpus = pathlib.Path(args.corpus)
    for case, label in (("p01", "corpus p01: en-us speech"), ("p03", "corpus p03: en-gb speech")):
        if (corpus / case / "audio.wav").exists():
            clips.append((label, corpus / case / "audio.wav"))
    report = [f"SC in dB (lower is better) after k iterations; n_fft {N_FFT}, hop {HOP}, hann; "
              f"torch {torch.__version__}, torchaudio {torchaudio.__version__}.", ""]
    with tempfile.TemporaryDirectory() as work:
        if not args.pipelines_only:
            for name, audio in clips:
                report += clip_report(args.cli, name, audio, work)
        if args.pipelines or args.pipelines_only:
            report += pipeline_report(args.cli, corpus, work)
            report += boundary_report(args.cli, corpus, work)
    text = "\n".join(report)
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
