#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes resources/demo.flac, the bundled demo clip: espeak-ng speech, then a rising chirp, then a
# major chord with a soft attack; 22.05 kHz mono 16-bit FLAC. Needs Debian's espeak-ng and sox.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-gb -s 150 -w "$tmp/speech.wav" "Phase matters. This is PhaseLab, turning spectrograms back into sound."
sox -D "$tmp/speech.wav" -r 22050 -b 16 -c 1 "$tmp/speech22.wav"
sox -D -n -r 22050 -b 16 -c 1 "$tmp/chirp.wav" synth 1.2 sine 200-3000 fade q 0.05 1.2 0.1 vol 0.4
sox -D -n -r 22050 -b 16 -c 1 "$tmp/chord.wav" synth 1.8 sine 440 sine 554.37 sine 659.25 remix - fade q 0.08 1.8 0.5 vol 0.35
sox -D -n -r 22050 -b 16 -c 1 "$tmp/gap.wav" trim 0 0.25
sox -D "$tmp/speech22.wav" "$tmp/gap.wav" "$tmp/chirp.wav" "$tmp/gap.wav" "$tmp/chord.wav" -b 16 demo.flac
sox --i demo.flac
