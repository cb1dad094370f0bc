"""The HTML map: time to write, file size and time to first render in headless Chromium.

For 300 (the example), 5,000, 20,000 and 100,000 organisations (make_regional_cluster,
planted clusters; 20,000 and 100,000 are above max_nodes=5,000, so the page is the cluster
overview and the drill-down pages are written too). Frame time: the median of 10 zoom steps,
each a synchronous redraw of the whole canvas (``frame_ms``); every tie is drawn on its own
curve, with arrows on directed layers. Render time: from page.goto to the page's 'drawn' flag,
set on vis-network's first 'afterDrawing'; every request other than the file is blocked and
counted (it must stay 0). Median of --repeats runs. Next to it, a plain pyvis baseline
(Network(cdn_resources='in_line'), add_node/add_edge per tie, write_html) for 300 and 5,000:
its write time and the ties it keeps (add_edge drops a second tie between the same pair).

WebGL rows (``--webgl-sizes``, default 5,000, 20,000 and 100,000; ``render="webgl"``, one
page with every organisation and tie: sigma.js draws the organisations, the page's own WebGL
layer the ties): size, write time, load-to-drawn (page.goto to the page's 'drawn' flag, set
when every tie is on screen); the frame time: the median of 10 camera changes (zoom and pan
steps), each timed from the change to the second animation frame after it, so the frame is
drawn and composited: while the view moves the page moves and scales its last images
(every tie stays on screen, as a bitmap); the moving frame: the mean frame interval during a
2-second animated zoom; the settle time: from a camera change to every tie drawn anew and
sharp at the new view (120 ms wait for the view to rest, then chunks of about 100 ms), with
the longest frame interval meanwhile. Software GL (SwiftShader: Chromium's fallback with
--disable-gpu).

The report (``--report``): write_report on 20,000 organisations in 8 planted clusters plus
200 pairs and 4,200 isolates (4,408 clusters, most of them single organisations, as on
CORDIS), with leaders, profiles and members by region: time and size, with the default
``top_clusters=20`` and with every cluster (``top_clusters=None, min_size=1``, what the
report did before it had the option).

    python benchmarks/bench_html.py [--repeats 3] [--sizes 300 5000 20000 100000] [--no-pyvis]
                                    [--webgl-sizes 5000 20000 100000]
    python benchmarks/bench_html.py --report [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import linkages as lk

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def network(n: int) -> lk.MultilayerNetwork:
    return lk.load_example() if n == 300 else lk.make_regional_cluster(n, seed=0)


def render(browser, path: Path) -> tuple[float, dict, int, dict]:
    """Seconds from goto to first drawing, in-page timings (ms), blocked requests, counts."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    folder = path.resolve().parent.as_uri()
    blocked = []

    def route(r):
        if r.request.url.startswith(folder):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=120_000,
                           polling=20)
    seconds = time.perf_counter() - start
    timings = page.evaluate("linkages.timings")
    counts = page.evaluate("({nodes: linkages.network.body.nodeIndices.length,"
                           " edges: linkages.network.body.edgeIndices.length,"
                           " drawn: linkages.drawnEdges, arrows: linkages.drawnArrows})")
    counts["frame_ms"] = page.evaluate("""() => { const n = linkages.network, s = n.getScale();
        const t = []; for (let k = 0; k < 10; k++) {
            n.moveTo({scale: s * Math.pow(1.15, k % 5)});
            const a = performance.now(); n.renderer._redraw(); t.push(performance.now() - a); }
        t.sort((a, b) => a - b); return Math.round(t[5] * 10) / 10; }""")
    page.close()
    return seconds, timings, len(blocked), counts


WEBGL_FRAME = """async () => {
    const cam = linkages.sigma.getCamera(), s = cam.getState(), t = [];
    const two = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    await two();
    for (let k = 0; k < 10; k++) {
        const a = performance.now();
        cam.setState({ratio: s.ratio / Math.pow(1.15, k % 5), x: s.x + 0.01 * (k % 3), y: s.y});
        await two(); t.push(performance.now() - a); }
    cam.setState(s); await two();
    t.sort((a, b) => a - b); return Math.round(t[5] * 10) / 10; }"""


# Zooming as a user does (an animated camera): above 100,000 ties the page hides ties while
# the view moves (sigma's hideEdgesOnMove) and draws them all when it stops.
WEBGL_MOVING = """async () => {
    const cam = linkages.sigma.getCamera(), s = cam.getState();
    let frames = 0, run = true;
    const tick = () => { frames += 1; if (run) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const a = performance.now();
    await cam.animate({ratio: s.ratio / 2}, {duration: 2000});
    const ms = performance.now() - a; run = false;
    cam.setState(s);
    return Math.round(ms / Math.max(frames, 1) * 10) / 10; }"""


# After the view rests: the time from a camera change to every tie drawn anew and sharp
# (the page waits 120 ms for the camera to rest, then draws the ties off screen in chunks of
# about 100 ms and swaps them in), and the longest frame interval meanwhile (how long the
# page can be unresponsive). Median of 3 zoom steps.
WEBGL_SETTLE = """async () => {
    const cam = linkages.sigma.getCamera(), s = cam.getState(), T = linkages.ties, out = [];
    const until = async (k) => { while (T.passes < k) await new Promise(r => setTimeout(r, 5)); };
    for (let k = 0; k < 3; k++) {
        let last = performance.now(), worst = 0, run = true;
        const tick = () => { const now = performance.now(); worst = Math.max(worst, now - last);
                             last = now; if (run) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        const passes = T.passes, a = performance.now();
        cam.setState({ratio: s.ratio / Math.pow(1.15, k + 1), x: s.x, y: s.y});
        await until(passes + 1);
        out.push([performance.now() - a, worst]); run = false;
    }
    const p = T.passes; cam.setState(s); await until(p + 1);
    out.sort((a, b) => a[0] - b[0]);
    return {settle_ms: Math.round(out[1][0]), worst_frame_ms: Math.round(out[1][1]),
            chunks: T.chunks}; }"""


def render_webgl(browser, path: Path) -> tuple[float, dict, int, dict]:
    """The WebGL page: seconds to drawn, timings, blocked requests, graph order and frame."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url == path.resolve().as_uri():
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), timeout=300_000)
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=300_000,
                           polling=20)
    seconds = time.perf_counter() - start
    timings = page.evaluate("linkages.timings")
    counts = page.evaluate("({nodes: linkages.graph.order, ties: linkages.ties.drawn,"
                           " arrows: linkages.ties.drawnArrows})")
    counts["frame_ms"] = page.evaluate(WEBGL_FRAME)
    counts["moving_frame_ms"] = page.evaluate(WEBGL_MOVING)
    counts.update(page.evaluate(WEBGL_SETTLE))
    page.close()
    return seconds, timings, len(blocked), counts


def bench_webgl(browser, folder: Path, sizes: list[int], repeats: int) -> None:
    for n in sizes:
        net = network(n)
        path = folder / f"webgl_{n}.html"
        writes = []
        for _ in range(repeats):
            start = time.perf_counter()
            lk.to_html(net, path, clusters=net.organisations["planted_cluster"],
                       render="webgl", layout="network")
            writes.append(time.perf_counter() - start)
        runs = [render_webgl(browser, path) for _ in range(repeats)]
        row = {"renderer": "webgl", "organisations": n, "ties": net.n_relations,
               "write_s": statistics.median(writes), "size_MB": path.stat().st_size / 1e6,
               "render_s": statistics.median(r[0] for r in runs),
               "frame_ms": statistics.median(r[3]["frame_ms"] for r in runs),
               "moving_frame_ms": statistics.median(r[3]["moving_frame_ms"] for r in runs),
               "settle_ms": statistics.median(r[3]["settle_ms"] for r in runs),
               "settle_worst_frame_ms": statistics.median(r[3]["worst_frame_ms"] for r in runs),
               "blocked_requests": max(r[2] for r in runs),
               "drawn": {k: v for k, v in runs[0][3].items()
                         if "frame" not in k and "settle" not in k},
               "in_page_ms": {k: round(v) for k, v in runs[len(runs) // 2][1].items()}}
        print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()},
              flush=True)


def pyvis_baseline(net: lk.MultilayerNetwork, path: Path) -> tuple[float, int]:
    """The plain pyvis way: one add_node per organisation, one add_edge per tie."""
    from pyvis.network import Network

    start = time.perf_counter()
    g = Network(cdn_resources="in_line")   # the default: undirected
    g.toggle_physics(False)
    ids = net.organisations.index.astype(str).tolist()
    names = net.organisations["name"].astype(str).tolist()
    for i, name in zip(ids, names):
        g.add_node(i, label=name)
    for s, t, layer in zip(net.relations["source"].astype(str),
                           net.relations["target"].astype(str),
                           net.relations["layer"].astype(str)):
        g.add_edge(s, t, title=layer)
    g.write_html(str(path))
    return time.perf_counter() - start, len(g.edges)


def many_clusters(n: int = 20_000, pairs: int = 200,
                  isolates: int = 4_200) -> tuple[lk.MultilayerNetwork, pd.Series]:
    """Planted clusters plus many tiny ones: the shape of a national research network."""
    base = lk.make_regional_cluster(n, n_clusters=8, seed=1)
    orgs = base.organisations
    ids = [f"X{i:05d}" for i in range(2 * pairs + isolates)]
    extra = pd.DataFrame({c: orgs[c].iloc[0] for c in orgs.columns},
                         index=pd.Index(ids, name=orgs.index.name))
    extra["name"] = [f"Lone {i}" for i in range(len(ids))]
    ties = pd.DataFrame({"source": ids[0:2 * pairs:2], "target": ids[1:2 * pairs:2],
                         "layer": "production", "weight": 1.0})
    net = lk.MultilayerNetwork(pd.concat([orgs, extra]),
                               pd.concat([base.relations, ties], ignore_index=True),
                               directed=base.directed)
    clusters = np.concatenate([orgs["planted_cluster"].to_numpy(),
                               8 + np.arange(2 * pairs) // 2, 8 + pairs + np.arange(isolates)])
    return net, pd.Series(clusters, index=net.organisations.index, name="cluster")


def bench_report(repeats: int) -> None:
    net, clusters = many_clusters()
    leaders = lk.leading_firms(net, clusters)
    profiles = lk.profile_clusters(net, clusters)
    regions = lk.regions_by_cluster(net, clusters)
    folder = Path(tempfile.mkdtemp())
    for name, options in [("top 20 (default)", {}),
                          ("every cluster", {"top_clusters": None, "min_size": 1})]:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            path = lk.write_report(net, folder / "report.html", clusters=clusters,
                                   leaders=leaders, profiles=profiles, regions=regions,
                                   **options)
            times.append(time.perf_counter() - start)
        text = path.read_text(encoding="utf-8")
        print({"report": name, "organisations": net.n_organisations,
               "clusters": int(clusters.nunique()), "write_s": round(statistics.median(times), 2),
               "size_MB": round(path.stat().st_size / 1e6, 3),
               "sections": text.count("<h3>")}, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 5000, 20000, 100_000])
    parser.add_argument("--no-pyvis", action="store_true")
    parser.add_argument("--webgl-sizes", type=int, nargs="*", default=[5000, 20000, 100_000])
    parser.add_argument("--report", action="store_true", help="time write_report instead")
    args = parser.parse_args()
    if args.report:
        bench_report(args.repeats)
        return
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            net = network(n)
            clusters = net.organisations["planted_cluster"]
            path = folder / f"map_{n}.html"
            writes = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                lk.to_html(net, path, clusters=clusters, render="vis", max_nodes=5000)
                writes.append(time.perf_counter() - start)
            runs = [render(browser, path) for _ in range(args.repeats)]
            seconds = statistics.median(r[0] for r in runs)
            timings = runs[len(runs) // 2][1]
            drill = sorted((folder / f"map_{n}_clusters").glob("*.html"))
            row = {"organisations": n, "ties": net.n_relations,
                   "mode": "overview" if drill else "map",
                   "write_s": statistics.median(writes),
                   "size_MB": path.stat().st_size / 1e6,
                   "render_s": seconds, "blocked_requests": max(r[2] for r in runs),
                   "drawn": runs[0][3], "in_page_ms": {k: round(v) for k, v in timings.items()}}
            if drill:
                sub = [render(browser, page) for page in drill]
                row["drill_pages"] = len(drill)
                row["drill_render_s_max"] = max(r[0] for r in sub)
                row["drill_size_MB_max"] = max(page.stat().st_size for page in drill) / 1e6
            if not args.no_pyvis and n <= 5000:
                pyvis_s, kept = pyvis_baseline(net, folder / f"pyvis_{n}.html")
                row["pyvis_write_s"] = pyvis_s
                row["pyvis_ties_kept"] = kept
                row["write_speedup"] = pyvis_s / row["write_s"]
            rows.append(row)
            print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()},
                  flush=True)
        bench_webgl(browser, folder, args.webgl_sizes, args.repeats)
        browser.close()


if __name__ == "__main__":
    main()
