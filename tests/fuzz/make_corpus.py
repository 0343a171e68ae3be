#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of fuzz_csv, fuzz_mat, fuzz_audio and fuzz_guess (tests/fuzz/corpus/NAME):
small valid files of each format the readers accept, a few KB each, plus some near misses.
Run with Debian's /usr/bin/python3 (numpy, scipy, torchaudio); the fuzzers never need Python."""
import aifc
import io
import os
import struct
import tempfile
import wave

import numpy as np
import scipy.io
import scipy.io.wavfile
import scipy.signal
import torch
import torchaudio

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(corpus, name, data):
    folder = os.path.join(ROOT, corpus)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


rng = np.random.default_rng(9)
tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(400) / 8000)).astype(np.float32)
small = np.round(rng.normal(size=(5, 4)), 3)

# --- CSV / TSV / whitespace text
put("csv", "comma.csv", "1,2,3\n4,5,6\n")
put("csv", "header_comment.csv", "# numpy\nbin0,bin1,bin2\n-1.5e-3,nan,inf\n2,3,-Inf\n")
put("csv", "tab.tsv", "\n".join("\t".join(f"{v:g}" for v in row) for row in small) + "\n")
put("csv", "semicolon.csv", "\n".join(";".join(f"{v:.3f}" for v in row) for row in small) + "\r\n")
buffer = io.StringIO()
np.savetxt(buffer, small)
put("csv", "savetxt.txt", buffer.getvalue())
put("csv", "column.txt", "1\n2\n3\n")
put("csv", "ragged.csv", "1,2\n3\n")
put("csv", "word.csv", "1,2\n3,x\n")

# --- MAT level 5 (scipy.io.savemat), plain and compressed, real and complex, several classes


def mat(variables, compress):
    out = io.BytesIO()
    scipy.io.savemat(out, variables, do_compression=compress)
    return out.getvalue()


put("mat", "double.mat", mat({"S": small}, False))
put("mat", "double_compressed.mat", mat({"S": small}, True))
put("mat", "complex_single.mat", mat({"Z": (small + 1j * small[::-1]).astype(np.complex64)}, False))
put("mat", "int16_and_char.mat", mat({"q": (small * 1000).astype(np.int16), "name": "stft", "v": np.arange(3.0)}, False))
put("mat", "struct_cell.mat", mat({"s": {"a": np.eye(2)}, "c": np.array([np.eye(2), "x"], dtype=object)}, True))
put("mat", "three_d.mat", mat({"T": np.ones((2, 1, 3))}, False))

# --- Audio: WAV (PCM 8/16/24, float), AIFF, FLAC and Ogg Vorbis through sox


def wav_pcm(samples, width, channels=1, rate=8000):
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        scale = {1: 127, 2: 32767, 3: 8388607}[width]
        ints = np.round(samples * scale).astype(np.int32)
        if width == 1:
            raw = (ints + 128).astype(np.uint8).tobytes()
        elif width == 2:
            raw = ints.astype("<i2").tobytes()
        else:
            raw = b"".join(struct.pack("<i", v)[:3] for v in ints)
        w.writeframes(raw)
    return out.getvalue()


put("audio", "pcm16_mono.wav", wav_pcm(tone[:200], 2))
put("audio", "pcm8_mono.wav", wav_pcm(tone[:200], 1))
put("audio", "pcm24_mono.wav", wav_pcm(tone[:100], 3))
put("audio", "pcm16_stereo.wav", wav_pcm(np.repeat(tone[:100], 2), 2, channels=2))
out = io.BytesIO()
scipy.io.wavfile.write(out, 8000, np.stack([tone[:100], -tone[:100]], axis=1))
put("audio", "float_stereo.wav", out.getvalue())
out = io.BytesIO()
scipy.io.wavfile.write(out, 8000, np.array([0.0, np.nan, 0.5], dtype=np.float32))
put("audio", "float_nan.wav", out.getvalue())
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "a.aiff")
    with aifc.open(path, "wb") as a:
        a.setnchannels(1)
        a.setsampwidth(2)
        a.setframerate(8000)
        a.writeframes(np.round(tone[:200] * 32767).astype(">i2").tobytes())
    put("audio", "pcm16.aiff", open(path, "rb").read())
    for extension in ("flac", "ogg"):
        path = os.path.join(folder, "a." + extension)
        torchaudio.save(path, torch.from_numpy(tone[None, :]), 8000)
        put("audio", "tone." + extension, open(path, "rb").read())

# --- Guesser inputs: a mode byte (see fuzz_guess.cpp), then the file(s)
signal = rng.normal(size=1024).astype(np.float32) * np.hanning(1024).astype(np.float32)
_, _, Z = scipy.signal.stft(signal, nperseg=64, noverlap=48)
Z = Z.astype(np.complex64)[:, :24]  # 33 bins x 24 frames


def npy(array):
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


magnitude = np.abs(Z).T.copy()  # frames x bins
phase = np.angle(Z).T.copy()
put("guess", "npy_pair", b"\x01" + npy(magnitude) + npy(phase))
put("guess", "npy_complex", b"\x02" + npy(Z.T.copy()))
put("guess", "raw_f32_magnitude", b"\x04" + magnitude.astype("<f4").tobytes())
put("guess", "raw_i16_pair", b"\x05" + np.round(magnitude * 1000).astype("<i2").tobytes()
    + np.round(phase * 1000).astype("<i2").tobytes())
text = io.StringIO()
np.savetxt(text, magnitude[:8], fmt="%.4g", delimiter=",")
put("guess", "csv_magnitude", b"\x00" + text.getvalue().encode())
put("guess", "mat_complex", b"\x02" + mat({"S": Z[:, :8]}, False))
