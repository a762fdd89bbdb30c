"""axe-core in the browser: the accessibility check every public page type must pass.

axe-core is an npm package that `make test` installs into var/node (see tests/e2e/package.json);
no browser is downloaded. It is added as an init script, so it runs even where the page's
Content-Security-Policy allows no inline script.
"""

from pathlib import Path

AXE_JS = (
    Path(__file__).resolve().parents[2]
    / "var"
    / "node"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
BLOCKING_IMPACTS = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_available() -> bool:
    return AXE_JS.exists()


def install(context) -> None:
    """Make `window.axe` available on every page this browser context opens."""
    context.add_init_script(path=str(AXE_JS))


def violations(page, *, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """axe's violations of the given impacts on the current page (WCAG 2.1 A/AA + best practice)."""
    result = page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
        })""",
        TAGS,
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe(found: list[dict]) -> str:
    """One line per rule with the first offending elements, for a readable failure."""
    lines = []
    for violation in found:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)
