#!/usr/bin/env python3
"""The sample municipality's pack with `tmv pack --formats pdf,png,mp4`: every document (the
slides and social images too) in all eleven languages, each PDF and PNG, the slides' video in
every language, checked with ffprobe (1920x1080, H.264, 4 slides x 8 s), and the ZIP holding
what the manifest lists.

    python3 Tests/Print/check_full_pack.py --binary .build/debug/tmv
"""
import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["poster-victim", "poster-relative", "poster-perpetrator", "brochure-children",
             "slides", "social-square", "social-story"]
LANGUAGES = ["sv", "ar", "prs", "en", "fi", "yi", "fit", "rom", "se", "so", "ckb"]
SCREENS = {"slides": (1920, 1080), "social-square": (1080, 1080), "social-story": (1080, 1920)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/tmv"))
    args = parser.parse_args()
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "pack"
        built = subprocess.run([args.binary, "pack", "--municipality", str(ROOT / "Resources/profiles/exempelkommun/profile.yaml"),
                                "--formats", "pdf,png,mp4", "--output", str(output)], capture_output=True, text=True)
        if built.returncode != 0:
            print(built.stdout + built.stderr, file=sys.stderr)
            print("full pack: FAILED (tmv pack)", file=sys.stderr)
            return 1
        manifest = json.loads((output / "0000/manifest.json").read_text())
        files = manifest["files"]
        for document in DOCUMENTS:
            for language in LANGUAGES:
                for fmt in ["pdf", "png"] + (["mp4"] if document == "slides" else []):
                    if not any(f["document"] == document and f["language"] == language and f["format"] == fmt for f in files):
                        problems.append(f"missing {document} {language} {fmt}")
        if any(f["format"] == "mp4" and f["document"] != "slides" for f in files):
            problems.append("a video of something other than the slides")
        for f in files:
            path = output / "0000" / f["path"]
            if f["format"] == "png" and f["document"] in SCREENS:
                header = path.read_bytes()[16:24]
                size = (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big"))
                if size != SCREENS[f["document"]]:
                    problems.append(f"{f['path']} is {size[0]}x{size[1]}")
            if f["format"] == "mp4":
                probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                        "stream=codec_name,width,height,nb_frames:format=duration", "-of", "json", str(path)],
                                       check=True, capture_output=True, text=True)
                info = json.loads(probe.stdout)
                stream = info["streams"][0]
                seconds = float(info["format"]["duration"])
                if (stream["codec_name"], stream["width"], stream["height"]) != ("h264", 1920, 1080) or abs(seconds - 32) > 0.01:
                    problems.append(f"{f['path']}: {stream['codec_name']} {stream['width']}x{stream['height']} {seconds} s")
        with zipfile.ZipFile(output / "exempelkommun-0000.zip") as archive:
            names = set(archive.namelist())
        expected = {f"0000/{f['path']}" for f in files} | {"0000/manifest.json"}
        if names != expected:
            problems.append(f"the ZIP differs from the manifest: {sorted(names ^ expected)[:5]}")
        videos = sum(1 for f in files if f["format"] == "mp4")
        print(f"pack: {len(files)} files, {len(DOCUMENTS)} documents x {len(LANGUAGES)} languages, {videos} videos")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    print("full pack:", "FAILED" if problems else "passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
