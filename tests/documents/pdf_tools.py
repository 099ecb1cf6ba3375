"""Real tools for looking at the PDFs the portal makes: PDFBox's PDF/A-1b preflight (Debian's
libpdfbox2-java, one JVM run for every PDF of a test) and poppler's word boxes."""
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

from tests.live_services import unavailable

JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api")
JAVA_DIR = Path("/usr/share/java")


def preflight(paths: list[Path]) -> dict[str, list[str]]:
    """Each PDF's PDF/A-1b errors ("code: details"), empty when valid. One JVM for all."""
    missing = [jar for jar in JARS if not (JAVA_DIR / f"{jar}.jar").exists()]
    if shutil.which("java") is None or missing:
        unavailable("PDFBox preflight needs java and /usr/share/java/{" + ",".join(missing or ["java"]) + "}.jar: "
                    "apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java")
    folder = paths[0].parent
    listing = folder / "preflight-list.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    classpath = ":".join(str(JAVA_DIR / f"{jar}.jar") for jar in JARS)
    subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group",
                    str(listing)], check=True, capture_output=True, timeout=300)
    report = ElementTree.parse(f"{listing}.preflight.xml").getroot()
    found = {}
    for one in report.iter("preflight"):
        valid = one.findtext("isValid") == "true"
        errors = [f"{e.findtext('code')}: {e.findtext('details')}" for e in one.iter("error")]
        found[one.get("name")] = [] if valid else (errors or ["not valid"])
    return found


@dataclass
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def words(path: Path) -> list[Word]:
    """Every word of the PDF with its box, in points, page by page (pdftotext -bbox)."""
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(re.split(r"<page ", html)[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             page):
            found.append(Word(number, *map(float, m.groups()[:4]), unescape(m.group(5))))
    return found


def page_count(path: Path) -> int:
    if shutil.which("pdfinfo") is None:
        unavailable("pdfinfo is not installed: apt-get install poppler-utils")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
