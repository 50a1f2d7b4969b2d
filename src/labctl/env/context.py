"""What a backend is handed to serve one environment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labctl.env.labels import LABEL_CLASS, LABEL_STUDENT, owner_labels
from labctl.env.record import EnvRecord
from labctl.spec.loader import Lab

#: a sink for one-line progress messages ("building image web", ...)
Progress = Callable[[str], None]


def no_progress(_: str) -> None:
    pass


@dataclass
class EnvContext:
    """Everything a backend needs to know about the environment it serves."""

    lab: Lab
    record: EnvRecord
    progress: Progress = no_progress

    @property
    def project(self) -> str:
        return self.record.project

    @property
    def bind_address(self) -> str:
        return self.record.data.bind_address

    @property
    def limits(self) -> dict[str, Any] | None:
        return self.record.data.limits

    @property
    def workdir(self) -> Path:
        return self.record.workdir_path

    @property
    def workspace(self) -> Path:
        """The learner's host-side workspace folder."""
        return self.workdir / "workspace"

    @property
    def owner(self) -> dict[str, str]:
        """The labels that find everything this env owns (Docker label filters)."""
        return owner_labels(self.record.store, self.lab.id, self.record.name, legacy=self.record.data.legacy)

    @property
    def labels(self) -> dict[str, str]:
        """The labels every object of this env carries."""
        labels = dict(self.owner)
        if self.record.class_name:
            labels[LABEL_CLASS] = self.record.class_name
        if self.record.student_id:
            labels[LABEL_STUDENT] = self.record.student_id
        return labels

    def template_context(self) -> dict[str, Any]:
        """The variables every template sees."""
        rec = self.record
        return {
            "params": dict(rec.params),
            "ports": dict(rec.ports),
            "images": dict(rec.data.images),
            "aws": dict(rec.data.aws),
            "bind_address": self.bind_address,
            "labels": self.labels,
            "env": {
                "name": rec.name,
                "lab": self.lab.id,
                "project": self.project,
                "workdir": str(self.workdir),
                "workspace": str(self.workspace),
                "class_name": rec.class_name or "",
                "student_id": rec.student_id or "",
            },
            "lab": {"id": self.lab.id, "title": self.lab.spec.title, "phase": self.lab.spec.phase},
        }
