#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python module `phaselab` against numpy and scipy (and torch where it is importable).

Run by CTest with Debian's /usr/bin/python3 and PYTHONPATH set to the built module's folder.
References are computed here, independently of PhaseLab: the STFT by numpy framing and
numpy.fft.rfft with scipy's windows (and torch.stft), windows by scipy.signal.get_window.
"""
import _thread
import os
import tempfile
import threading
import time
import unittest

import numpy as np
import scipy.signal

import phaselab

try:
    import torch
except ImportError:  # torch is optional: its comparisons are skipped
    torch = None


def numpy_stft(x, n_fft, hop, window, center=True, pad_mode="reflect"):
    """torch.stft's conventions in plain numpy: (bins, frames), unnormalised, centred frames."""
    w = scipy.signal.get_window(window, n_fft, fftbins=True)
    if center:
        x = np.pad(x, n_fft // 2, mode="reflect" if pad_mode == "reflect" else "constant")
    frames = 1 + (len(x) - n_fft) // hop
    framed = np.stack([x[k * hop:k * hop + n_fft] * w for k in range(frames)])
    return np.fft.rfft(framed, axis=1).T


def chirp(n=16000, rate=16000):
    t = np.arange(n) / rate
    return (0.5 * np.sin(2 * np.pi * (150 * t + 2000 * t * t)) + 0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def spectral_convergence_db(magnitude, signal, n_fft, hop):
    """20 log10(|| |STFT(x)| - S || / ||S||), with numpy's STFT over the same framing."""
    estimate = np.abs(numpy_stft(signal.astype(np.float64), n_fft, hop, "hann"))
    frames = min(estimate.shape[1], magnitude.shape[1])
    difference = estimate[:, :frames] - magnitude[:, :frames]
    return 20 * np.log10(np.linalg.norm(difference) / np.linalg.norm(magnitude))


class StftTest(unittest.TestCase):
    def test_matches_numpy_framing(self):
        x = chirp()
        for n_fft, hop, window, pad_mode in [(512, 128, "hann", "reflect"), (1024, 256, "hamming", "constant"),
                                             (256, 64, "blackman", "reflect")]:
            with self.subTest(n_fft=n_fft, hop=hop, window=window):
                X = phaselab.stft(x, n_fft, hop, window=window, pad_mode=pad_mode)
                reference = numpy_stft(x.astype(np.float64), n_fft, hop, window, pad_mode=pad_mode)
                self.assertEqual(X.shape, reference.shape)
                self.assertEqual(X.dtype, np.complex64)
                self.assertLess(np.max(np.abs(X - reference)), 1e-4 * np.max(np.abs(reference)))

    def test_uncentred_and_short_window(self):
        x = chirp(4000)
        X = phaselab.stft(x, 512, 100, win_length=400, center=False)
        w = np.zeros(512)
        w[56:456] = scipy.signal.get_window("hann", 400, fftbins=True)
        frames = 1 + (len(x) - 512) // 100
        reference = np.fft.rfft(np.stack([x[k * 100:k * 100 + 512] * w for k in range(frames)]), axis=1).T
        self.assertLess(np.max(np.abs(X - reference)), 1e-4 * np.max(np.abs(reference)))

    def test_result_is_a_view_of_frame_major_memory(self):
        X = phaselab.stft(chirp(), 512, 128)
        self.assertTrue(X.flags.f_contiguous)
        self.assertTrue(X.flags.owndata is False)

    @unittest.skipIf(torch is None, "torch is not importable")
    def test_matches_torch_stft(self):
        x = chirp()
        for n_fft, hop in [(512, 128), (2048, 512)]:
            reference = torch.stft(torch.from_numpy(x), n_fft, hop, window=torch.hann_window(n_fft),
                                   center=True, pad_mode="reflect", return_complex=True).numpy()
            X = phaselab.stft(x, n_fft, hop)
            self.assertLess(np.max(np.abs(X - reference)), 1e-4 * np.max(np.abs(reference)))

    def test_istft_inverts(self):
        x = chirp()
        X = phaselab.stft(x, 1024, 256)
        y = phaselab.istft(X, 1024, 256, length=len(x))
        self.assertEqual(y.shape, x.shape)
        self.assertLess(np.max(np.abs(y - x)), 1e-5)

    @unittest.skipIf(torch is None, "torch is not importable")
    def test_istft_matches_torch(self):
        x = chirp()
        X = phaselab.stft(x, 1024, 256)
        reference = torch.istft(torch.from_numpy(X), 1024, 256, window=torch.hann_window(1024)).numpy()
        y = phaselab.istft(X, 1024, 256)
        self.assertEqual(y.shape, reference.shape)
        self.assertLess(np.max(np.abs(y - reference)), 1e-5)

    def test_bad_input_raises_value_error(self):
        with self.assertRaises(ValueError):
            phaselab.stft(chirp(), 512, 128, window="triangle-ish")
        with self.assertRaises(ValueError):
            phaselab.stft(np.zeros((2, 100), np.float32), 512, 128)
        with self.assertRaises(ValueError):
            phaselab.istft(np.zeros((100, 10), np.complex64), 512, 128)
        with self.assertRaises(ValueError):
            phaselab.stft(chirp(), 512, 0)


class WindowsTest(unittest.TestCase):
    def test_match_scipy(self):
        for spec, scipy_spec, symmetric in [("hann", "hann", False), ("hamming", "hamming", False),
                                            ("blackman", "blackman", False), ("kaiser:8", ("kaiser", 8.0), False),
                                            ("hann,symmetric", "hann", True), ("bartlett", "bartlett", False)]:
            for length in (7, 64, 513):
                with self.subTest(spec=spec, length=length):
                    reference = scipy.signal.get_window(scipy_spec, length, fftbins=not symmetric)
                    np.testing.assert_allclose(phaselab.windows(spec, length), reference, atol=1e-6)


class ReconstructTest(unittest.TestCase):
    n_fft, hop = 512, 128

    def setUp(self):
        self.x = chirp()
        self.X = phaselab.stft(self.x, self.n_fft, self.hop)
        self.magnitude = np.abs(self.X)

    def test_initial_phase_array_is_used(self):
        signal, metrics = phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm="fgla", iterations=5,
                                               init=np.angle(self.X), reference=self.x)
        self.assertEqual(metrics["algorithm"], "fgla")
        self.assertEqual(metrics["init"], "given")
        self.assertLess(metrics["iterations"][0]["spectral_convergence_db"], -60)
        self.assertLess(metrics["final"]["spectral_convergence_db"], -60)
        self.assertGreater(metrics["final"]["snr_db"], 40)
        self.assertLess(spectral_convergence_db(self.magnitude, signal, self.n_fft, self.hop), -60)

    def test_iterations_lower_the_spectral_convergence(self):
        signal, metrics = phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm="fgla", iterations=50)
        self.assertEqual(len(metrics["iterations"]), 51)
        first = metrics["iterations"][0]["spectral_convergence_db"]
        last = metrics["final"]["spectral_convergence_db"]
        self.assertLess(last, first - 10)
        # The reported figure is the one numpy measures on the returned signal.
        self.assertAlmostEqual(spectral_convergence_db(self.magnitude, signal, self.n_fft, self.hop), last, delta=0.5)
        self.assertIsNone(metrics["final"]["snr_db"])

    def test_auto_and_every_named_method_run(self):
        for algorithm in ("auto", "gla", "raar", "pghi", "spsi", "rtisi-la"):
            with self.subTest(algorithm=algorithm):
                signal, metrics = phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm=algorithm,
                                                       iterations=10, threads=1)
                self.assertEqual(signal.dtype, np.float32)
                self.assertTrue(np.isfinite(metrics["final"]["spectral_convergence_db"]))
                if algorithm == "auto":
                    self.assertEqual(metrics["algorithm"], "auto")
                    self.assertRegex(metrics["pipeline"], r"^(zero|pghi)( -> (gla|fgla|agla|raar) x\d+)+$")
                    self.assertEqual(len(metrics["iterations"]), 11)

    def test_c_ordered_and_float64_magnitude_is_accepted(self):
        signal, metrics = phaselab.reconstruct(np.ascontiguousarray(self.magnitude, dtype=np.float64), self.n_fft,
                                               self.hop, algorithm="istft", init=np.angle(self.X), length=len(self.x))
        self.assertEqual(len(signal), len(self.x))
        self.assertLess(np.max(np.abs(signal - self.x)), 1e-4)

    def test_bad_input_raises_value_error(self):
        with self.assertRaises(ValueError):
            phaselab.reconstruct(self.magnitude[:-1], self.n_fft, self.hop)
        with self.assertRaises(ValueError):
            phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, init=np.zeros((3, 3)))
        with self.assertRaises(ValueError):
            phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm="magic")

    def test_gil_is_released_during_work(self):
        counter = [0]
        stop = threading.Event()

        def count():
            while not stop.is_set():
                counter[0] += 1

        thread = threading.Thread(target=count)
        thread.start()
        try:
            time.sleep(0.05)
            before = counter[0]
            phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm="gla", iterations=300, threads=1)
            during = counter[0] - before
        finally:
            stop.set()
            thread.join()
        self.assertGreater(during, 1000)

    def test_keyboard_interrupt_cancels(self):
        timer = threading.Timer(0.3, _thread.interrupt_main)
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                phaselab.reconstruct(self.magnitude, self.n_fft, self.hop, algorithm="gla", iterations=1_000_000,
                                     threads=1)
        finally:
            timer.cancel()


def numpy_mel_filterbank(n_mels, n_fft, rate, fmin, fmax, htk, slaney_norm):
    """librosa.filters.mel's construction in plain numpy: (n_mels, n_fft//2+1)."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        if htk:
            return 2595.0 * np.log10(1.0 + f / 700.0)
        return np.where(f < 1000.0, f / (200.0 / 3), 15.0 + np.log(np.maximum(f, 1e-9) / 1000.0) / (np.log(6.4) / 27))

    def mel_to_hz(m):
        if htk:
            return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
        return np.where(m < 15.0, m * (200.0 / 3), 1000.0 * np.exp(np.log(6.4) / 27 * (m - 15.0)))

    freqs = np.linspace(0, rate / 2, n_fft // 2 + 1)
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    lower = (freqs[None, :] - edges[:-2, None]) / (edges[1:-1] - edges[:-2])[:, None]
    upper = (edges[2:, None] - freqs[None, :]) / (edges[2:] - edges[1:-1])[:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    if slaney_norm:
        weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights


class MelReconstructTest(unittest.TestCase):
    """reconstruct(mel=...) on a dump torchaudio made (tests/fixtures/mel): the sound, analysed
    again with numpy and a numpy filterbank, reproduces the dump."""

    FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "mel")

    def test_asr_dump(self):
        values = np.load(os.path.join(self.FIXTURES, "asr.npy"))  # log10 of a power mel, 400/160 at 16 kHz
        y, metrics = phaselab.reconstruct(mel=values, n_fft=400, hop=160, sample_rate=16000, power=2,
                                          scale="log10", threads=2)
        self.assertEqual(metrics["mel"]["n_mels"], 80)
        self.assertEqual(metrics["mel"]["value_scale"], "log10")
        target = 10.0 ** values.astype(np.float64)
        bank = numpy_mel_filterbank(80, 400, 16000, 0.0, 8000.0, htk=False, slaney_norm=True)
        mel = bank @ (np.abs(numpy_stft(y.astype(np.float64), 400, 160, "hann")) ** 2)
        frames = min(mel.shape[1], target.shape[1])
        mel, target = mel[:, :frames], target[:, :frames]
        gain = (mel * target).sum() / (mel * mel).sum()
        convergence = 20 * np.log10(np.linalg.norm(gain * mel - target) / np.linalg.norm(target))
        self.assertLess(convergence, -12.0)
        self.assertAlmostEqual(metrics["mel"]["spectral_convergence_db"], convergence, delta=3.0)

    def test_refusals(self):
        values = np.load(os.path.join(self.FIXTURES, "asr.npy"))
        with self.assertRaisesRegex(ValueError, "sample rate"):
            phaselab.reconstruct(mel=values, n_fft=400, hop=160, scale="log10")
        with self.assertRaisesRegex(ValueError, "one of them"):
            phaselab.reconstruct(np.ones((201, 10), np.float32), 400, 160, mel=values, sample_rate=16000)
        with self.assertRaisesRegex(ValueError, "fmax"):
            phaselab.reconstruct(mel=values, n_fft=400, hop=160, sample_rate=16000, fmax=9000.0, scale="log10")


class GuessTest(unittest.TestCase):
    def test_finds_how_a_numpy_dump_was_made(self):
        x = chirp()
        magnitude = np.abs(numpy_stft(x.astype(np.float64), 512, 128, "hann")).astype(np.float32)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mag.npy")
            np.save(path, magnitude)
            candidates = phaselab.guess(path, sample_rate=16000, top=3)
        self.assertGreaterEqual(len(candidates), 1)
        self.assertLessEqual(len(candidates), 3)
        best = candidates[0]
        self.assertEqual(best["rank"], 1)
        self.assertEqual((best["n_fft"], best["hop"]), (512, 128))
        self.assertEqual(best["storage"]["container"], "npy")
        self.assertEqual(best["bins"], 257)
        self.assertIsInstance(best["evidence"], list)

    def test_missing_file_raises(self):
        with self.assertRaises((OSError, ValueError)):
            phaselab.guess("/nonexistent/mag.npy")


if __name__ == "__main__":
    unittest.main(verbosity=2)
