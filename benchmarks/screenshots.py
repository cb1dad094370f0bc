"""Screenshots of the map for the docs: 300 (the example), 5,000 and 100,000 organisations.

Writes ``docs/_static/map-300.png`` (vis-network), ``map-5000.png`` (``--vis-sizes``:
vis-network forced), ``map-100000-webgl.png`` (``render="auto"`` draws pages above 3,000
organisations with WebGL: every organisation and tie of the 100,000, about 585,000 ties, in
one page) and ``map-5000-webgl.png`` (``--webgl-sizes``: the same 5,000 drawn with WebGL),
each taken in
headless Debian Chromium (software GL) at 1280 x 800 with every request other than the page
blocked. ``--render vis`` writes the vis-network pages instead (``map-5000.png``,
``map-100000-overview.png``: above ``max_nodes=5000`` the cluster overview).

    python benchmarks/screenshots.py [--sizes 300 100000] [--out docs/_static]
                                     [--render auto|vis|webgl] [--vis-sizes 5000]
                                     [--webgl-sizes 5000]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import linkages as lk

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "_static"


def write(n: int, folder: Path, render: str = "auto") -> Path:
    net = lk.load_example() if n == 300 else lk.make_regional_cluster(n, seed=0)
    orgs = net.organisations
    leaders = orgs.index[orgs["anchor"]] if "anchor" in orgs.columns else None
    return lk.to_html(net, folder / f"map_{n}.html", clusters=orgs["planted_cluster"],
                      leaders=leaders, layout="network", title=f"Linkages map: {n:,} "
                      "organisations", render=render,
                      max_nodes=5000 if render == "vis" else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 100_000])
    parser.add_argument("--vis-sizes", type=int, nargs="*", default=[5000])
    parser.add_argument("--out", type=Path, default=DOCS)
    parser.add_argument("--render", default="auto", choices=["auto", "vis", "webgl"])
    parser.add_argument("--webgl-sizes", type=int, nargs="*", default=[5000])
    args = parser.parse_args()
    runs = ([(n, args.render) for n in args.sizes] + [(n, "vis") for n in args.vis_sizes]
            + [(n, "webgl") for n in args.webgl_sizes])
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n, render in runs:
            path = write(n, folder, render)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            blocked: list[str] = []

            def route(r, blocked=blocked):
                if r.request.url.startswith(folder.as_uri()):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.resolve().as_uri(), timeout=300_000)
            page.wait_for_function("window.linkages && window.linkages.drawn", timeout=300_000)
            page.wait_for_timeout(500)
            overview = page.evaluate("!!linkages.data.members")
            webgl = page.evaluate("linkages.renderer === 'webgl'")
            suffix = "-overview" if overview else "-webgl" if webgl else ""
            target = args.out / f"map-{n}{suffix}.png"
            page.screenshot(path=str(target))
            assert not blocked, blocked
            print(target, flush=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
