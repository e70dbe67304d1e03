"""`zhevents train`: train the statistical components on gold annotations and package them with the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .cli_common import fail


def register(app: typer.Typer) -> None:
    from .train import CONFIG_PATH

    @app.command("train")
    def train_cmd(
        annotations: Path = typer.Argument(..., help="Gold annotations: a folder of *.jsonl (stand-off or SPEC "
                                           "documents) or one file. Files named in [zhevents] heldout are not used."),
        config: Path = typer.Option(CONFIG_PATH, "--config", "-c", help="Training config (spaCy's format)."),
        output: Path = typer.Option(..., "--output", "-o", help="Where to save the trained pipeline (models/NAME)."),
        base: Optional[Path] = typer.Option(None, "--base", help="Rule pipeline to build on (default models/zh_events)."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: [system] seed of the config)."),
        limit_docs: Optional[int] = typer.Option(None, "--limit-docs", min=1, help="Train on this many annotated "
                                                 "documents only (a random, seeded subset)."),
        curve: bool = typer.Option(False, "--curve", help="Also train on the smaller sets of [zhevents] curve_sizes "
                                   "for the learning curve that `zhevents evaluate --compare` draws."),
    ) -> None:
        """Train entity recognition and frame roles with spaCy's trainer; package them with the rule pipeline.

        The result loads like any pipeline: `zhevents annotate --model OUTPUT`, and
        `zhevents evaluate --gold annotations/test.jsonl --compare OUTPUT` scores it beside the rules.
        """
        from .model_setup import SetupError
        from .train import TrainError, train

        try:
            res = train(annotations, config, output, base_dir=base, seed=seed, limit_docs=limit_docs, curve=curve,
                        log=lambda m: typer.echo(m, err=True))
        except (TrainError, SetupError) as exc:
            fail(str(exc))
        typer.echo(f"saved {res.out}: {res.n_train} annotated training documents, {res.n_dev} dev, "
                   f"{res.n_seed} generic sentences; the model adds {', '.join(res.labels) or 'no labels'}; "
                   f"{res.seconds / 60:.1f} min")
