"""The HTML report: self-contained, with the question, the KPI table and every applicable figure; and it
renders in a real browser (headless Chromium, installed by scripts/setup.sh)."""

import re
import shutil
import subprocess

import pytest

from analysis import figures as F
from analysis import load as L
from analysis import report as R
from conftest import run_analysis

# Counts the images the browser actually decoded, after the page has loaded.
_PROBE = ("<script>window.addEventListener('load',()=>{document.body.setAttribute('data-decoded',"
          "[...document.images].filter(i=>i.complete&&i.naturalWidth>0).length)})</script>")


def _chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (scripts/setup.sh installs it): browser rendering not checked")
    return exe


def _write(path, tmp_path, name):
    out = tmp_path / f"{name}.html"
    rc, _, err = run_analysis("report", path, "-o", out)
    assert rc == 0, err
    return out


@pytest.mark.parametrize("which", ["run_file", "sweep_file", "site_file"])
def test_report_content(which, request, tmp_path):
    path = request.getfixturevalue(which)
    html = _write(path, tmp_path, which).read_text()
    res = L.load(path)
    # Self-contained: no external scripts, styles or images.
    assert not re.search(r"""(src|href)=['"](https?:|//|file:)""", html)
    assert "<h2>Question</h2>" in html and "<h2>Answer</h2>" in html
    assert "throughput_per_h" in html and "95 % CI" in html
    for fig in F.applicable(res):
        assert f"id='fig-{fig.name}'" in html
        assert "data:image/png;base64," in html
    if res.kind == "sweep":
        assert "Does a second mill machine help" in html  # the question comes from the experiment file
        assert "s0003" in html


def test_report_renders_in_chromium(run_file, sweep_file, site_file, tmp_path):
    exe = _chromium()
    for name, path in (("run", run_file), ("sweep", sweep_file), ("site", site_file)):
        page = _write(path, tmp_path, name)
        probe = tmp_path / f"{name}_probe.html"
        probe.write_text(page.read_text().replace("</body>", _PROBE + "</body>"))
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
        dom = subprocess.run(cmd + ["--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
        assert dom.returncode == 0, dom.stderr[-2000:]
        expected = len(F.applicable(L.load(path)))
        m = re.search(r'data-decoded="(\d+)"', dom.stdout)
        assert m, "the page did not finish loading in chromium:\n" + dom.stdout[:2000]
        assert int(m.group(1)) == expected, f"{name}: chromium decoded {m.group(1)} of {expected} figures"
        shot = tmp_path / f"{name}.png"
        p = subprocess.run(cmd + ["--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0 and shot.stat().st_size > 20000, p.stderr[-2000:]


def test_question_defaults(run_file):
    q = R.question_of(L.load(run_file))
    assert "three-station" in q  # the model file's leading comment


def test_report_energy_and_transport_sections(site_file, run_file, tmp_path):
    html = _write(site_file, tmp_path, "site").read_text()
    assert "How much energy and CO2e does a small machining cell" in html  # the question from the model
    energy = html[html.index("<h2 id='energy'>Energy and emissions</h2>"):html.index("<h2 id='transport'>")]
    for phrase in ("of energy per year", "per good part", "CO2e per year location-based", "market-based",
                   "By scope (location-based): scope 1", "is used on site", "highest hourly grid import"):
        assert phrase in energy, phrase
    for name in ("load-curve", "energy-use", "emissions", "indicators", "machine-energy"):
        assert f"id='fig-{name}'" in energy, name
    table = energy[energy.index("<table id='indicators'>"):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 1 + 6  # header + the five indicators + primary resource use
    for name in ("Resource use", "Water use", "Energy use", "CO2e emissions", "Waste"):
        assert name in table
    assert "not computed" not in table  # the site fills energy use and CO2e
    transport = html[html.index("<h2 id='transport'>Transport</h2>"):html.index("<h2>Provenance</h2>")]
    for phrase in ("load factor", "of the vehicle-km empty", "from own vehicles", "from bought transport",
                   "after release on average", "by their due time"):
        assert phrase in transport, phrase
    assert "id='fig-transport'" in transport and "id='fig-shipments'" in transport
    # A file without site or transport: no transport section, no energy sentences, CO2e not computed.
    plain = _write(run_file, tmp_path, "plain").read_text()
    assert "<h2 id='transport'>" not in plain and "of energy per year" not in plain
    assert "not computed" in plain and "id='fig-machine-energy'" in plain
