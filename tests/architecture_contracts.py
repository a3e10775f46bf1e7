"""Import-linter contract types of Tandem's own (named in pyproject.toml's
``[tool.importlinter]`` ``contract_types``), for rules the built-in types cannot
say: a rule about *which app* a module belongs to."""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


class OwnAppOnlyContract(Contract):
    """Modules whose name starts with one of ``prefixes`` (``views``,
    ``views_staff``, ``pages`` ...) in an app under ``container`` are imported
    only from inside their own app: a page is reached through its URL, and what
    two apps share lives in a selector, service or seam, not in a view."""

    type_name = "own_app_only"

    container = fields.StringField()
    prefixes = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def _guarded(self, module: str) -> bool:
        leaf = module.rsplit(".", 1)[-1]
        return any(leaf == p or leaf.startswith(p + "_") for p in self.prefixes)  # type: ignore[attr-defined]

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        container = str(self.container)
        illegal: list[dict[str, Any]] = []
        for module in sorted(graph.find_descendants(container)):
            parts = module.split(".")
            if len(parts) < 3 or not self._guarded(module):
                continue
            app = parts[1]
            for importer in sorted(graph.find_modules_that_directly_import(module)):
                importer_parts = importer.split(".")
                if importer_parts[0] != container or importer_parts[1:2] == [app]:
                    continue
                details = graph.get_import_details(importer=importer, imported=module)
                illegal.append(
                    {
                        "importer": importer,
                        "imported": module,
                        "lines": sorted(d["line_number"] for d in details),
                    }
                )
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            metadata={"illegal": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for link in check.metadata["illegal"]:
            lines = ", ".join(str(n) for n in link["lines"])
            output.print_error(
                f"- {link['importer']} -> {link['imported']} (l.{lines}): "
                "another app's page module",
                bold=False,
            )
        output.new_line()
