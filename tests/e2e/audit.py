"""Real checkers for the browser tests: axe-core injected into the page, the Nu HTML checker
(vnu-jar) run once over every page collected. Both come from npm into tests/e2e/node_modules
(`npm ci` in tests/e2e, as .ci/run does); without them a test skips (fails under CI=true)."""
import json
import shutil
import subprocess
from pathlib import Path

from tests.live_services import unavailable

TOOLS = Path(__file__).resolve().parent / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING = {"serious", "critical"}


def axe_or_skip() -> Path:
    if not AXE.exists():
        unavailable(f"axe-core is not installed ({AXE}): cd tests/e2e && npm ci")
    return AXE


def vnu_or_skip() -> tuple[str, Path]:
    java = shutil.which("java")
    if java is None:
        unavailable("Java is not installed: apt-get install default-jre-headless")
    if not VNU.exists():
        unavailable(f"vnu-jar is not installed ({VNU}): cd tests/e2e && npm ci")
    return java, VNU


def axe_violations(page) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as it stands (WCAG 2.x A
    and AA rules and axe's best practices), each as rule, impact, and where."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_or_skip()))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "where": [" ".join(node["target"]) + " — " + (node.get("failureSummary") or "")[:160]
                   for node in v["nodes"][:5]]}
        for v in result["violations"] if v["impact"] in BLOCKING
    ]


def vnu_errors(folder: Path) -> list[dict]:
    """The Nu HTML checker's errors over every .html file in the folder, in one JVM."""
    java, jar = vnu_or_skip()
    files = sorted(str(p) for p in folder.glob("*.html"))
    if not files:
        return []
    done = subprocess.run([java, "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", *files],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [{"file": Path(m.get("url", "")).name, "line": m.get("lastLine"), "message": m.get("message"),
             "extract": (m.get("extract") or "").strip()[:160]} for m in messages if m.get("type") == "error"]
