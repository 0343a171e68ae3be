#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes resources/import_tour/: a raw magnitude/phase pair cut from the demo clip for the
# workbench's import tour (File > Import Spectrogram, then Suggest). The parameters below are the
# answer to the tour's question, so the README does not repeat them.
# Needs Debian's python3-torch and python3-torchaudio (run with /usr/bin/python3).
import os

import numpy as np
import torch
import torchaudio

here = os.path.dirname(os.path.abspath(__file__))
audio, rate = torchaudio.load(os.path.join(here, "demo.flac"))
audio = audio[0, : int(3.5 * rate)]
n_fft, hop = 512, 192
window = torch.hamming_window(n_fft, periodic=True)
spectrum = torch.stft(audio, n_fft, hop_length=hop, win_length=n_fft, window=window, center=True,
                      pad_mode="reflect", normalized=False, onesided=True, return_complex=True)
magnitude_db = 20.0 * np.log10(np.maximum(spectrum.abs().numpy(), 1e-10))  # (bins, frames)
phase = spectrum.angle().numpy()
out = os.path.join(here, "import_tour")
os.makedirs(out, exist_ok=True)
magnitude_db.astype("<f4").tofile(os.path.join(out, "speech.mag"))
phase.astype("<f4").tofile(os.path.join(out, "speech.phase"))
print("wrote", magnitude_db.shape, "to", out)
