#!/usr/bin/python3
"""PyTorch's half of scripts/compare-with-pytorch.sh, and the driver of the whole comparison.

Starts ntklab's timing server (org.ntklab.bench.Compare --serve), which exports inputs, targets,
weights and ntklab's own output, gradient, update of one timed-path step and empirical-NTK Gram
matrix as .npy; builds the same
networks in PyTorch (float64) from those weights; checks that both compute the same numbers; then
alternates batches of ntklab runs and PyTorch runs for several rounds, so that load from other
processes on the machine falls on both sides alike. Prints one line

    RATIO <name> <ntklab speed / pytorch speed>

per comparison (above 1 means ntklab is faster; speeds are inverse median times), then a table.

The network is the paper's FCN (docs/paper.md, eq. 2.1) in NTK parameterisation: a_l = sqrt(2/m) relu(W_l a_{l-1} + b_l),
f = W_{L+1} a_L, no 1/sqrt(fan_in) on the weights. The training step is forward, summed binary
cross-entropy sum_i softplus(-(2 y_i - 1) f(x_i)), backward and an SGD update (torch.optim.SGD,
foreach, zero_grad(set_to_none=True)). PyTorch's empirical NTK is computed the usual way:
per-sample gradients stacked into the Jacobian J (n x P), then J J^T; two recipes are tried
(functorch's vmap(jacrev) and a Python loop of per-sample backward passes) and the faster one is the
reference.
"""
import argparse
import ctypes
import json
import math
import os
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np
import torch


def load_params(directory):
    with open(os.path.join(directory, "params.txt")) as f:
        names = [line.strip() for line in f if line.strip()]
    blocks = [np.load(os.path.join(directory, "p%02d.npy" % k)) for k in range(len(names))]
    return names, blocks


class Fcn:
    """The FCN as a list of [W, b or None] layers (W of shape (out, in)); the last layer is linear."""

    def __init__(self, names, blocks, d):
        # blocks arrive flat from .npy, in ntklab's order: W then b (if any) of each dense layer
        self.layers = []
        fan_in = d
        k = 0
        while k < len(names):
            w = torch.tensor(blocks[k], dtype=torch.float64)
            k += 1
            b = None
            if k < len(names) and names[k].endswith(".b"):
                b = torch.tensor(blocks[k], dtype=torch.float64)
                k += 1
            out = w.numel() // fan_in
            self.layers.append([w.reshape(out, fan_in).contiguous(), b])
            fan_in = out
        self.params = [t for layer in self.layers for t in layer if t is not None]

    def forward_with(self, params, x):
        """f(x) with the parameters given as a list in self.params order (for functorch)."""
        a = x
        k = 0
        last = len(self.layers) - 1
        for i, (_, b0) in enumerate(self.layers):
            w = params[k]
            k += 1
            b = None
            if b0 is not None:
                b = params[k]
                k += 1
            h = torch.addmm(b, a, w.t()) if b is not None else a @ w.t()
            a = math.sqrt(2.0 / w.shape[0]) * torch.relu(h) if i < last else h
        return a

    def forward(self, x):
        return self.forward_with(self.params, x)


def bce_sum(f, y):
    """Summed binary cross-entropy on logits, PyTorch's own fused loss: for y in {0, 1} it equals
    sum softplus(-(2y - 1) f), ntklab's BinaryCrossEntropy with Reduction.SUM."""
    return torch.nn.functional.binary_cross_entropy_with_logits(f, y, reduction="sum")


def timed(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


TOLERANCE = 1e-8


def relative(a, b):
    """(||a - b||_F / ||b||_F, max|a - b| / max|b|) over all entries; inf when the shapes differ (no
    broadcasting) or anything is not finite, so that such a comparison always fails."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.size == 0 or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return (math.inf, math.inf)
    return (float(np.linalg.norm(a - b) / np.linalg.norm(b)),
            float(np.max(np.abs(a - b)) / np.max(np.abs(b))))


def agrees(rel):
    return max(rel) <= TOLERANCE


def blas_info():
    """The BLAS libraries this PyTorch process has loaded, and the OpenBLAS kernel family in use."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and any(k in os.path.basename(parts[-1]) for k in ("blas", "mkl", "lapack")):
                libs.add(os.path.realpath(parts[-1]))
    core = None
    for lib in sorted(libs):
        try:
            fn = ctypes.CDLL(lib).openblas_get_corename
            fn.restype = ctypes.c_char_p
            core = fn().decode()
            break
        except (OSError, AttributeError):
            continue
    return sorted(libs), core


class JavaServer:
    """org.ntklab.bench.Compare --serve: one request line in, one reply line out."""

    def __init__(self, command, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, bufsize=1)
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            self.proc.kill()
            raise RuntimeError("ntklab's timing server did not start (said %r); see %s" % (line, log_path))

    def ask(self, request):
        self.proc.stdin.write(request + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().strip()
        if not reply or reply.startswith("error"):
            raise RuntimeError("ntklab's timing server answered %r to %r" % (reply, request))
        return reply

    def numbers(self, request):
        return [float(v) for v in self.ask(request).split()[1:]]

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        finally:
            self.log.close()


def make_train_step(directory, lr, check_lr):
    names, blocks = load_params(directory)
    x = torch.tensor(np.load(os.path.join(directory, "x.npy")), dtype=torch.float64)
    y = torch.tensor(np.load(os.path.join(directory, "y.npy")), dtype=torch.float64)
    net = Fcn(names, blocks, x.shape[1])
    for p in net.params:
        p.requires_grad_(True)

    # the cross-check at the exported weights: outputs, loss and the full gradient against ntklab's
    f = net.forward(x)
    loss = bce_sum(f, y)
    grads = torch.autograd.grad(loss, net.params)
    flat = torch.cat([g.reshape(-1) for g in grads]).detach().numpy()
    check = {"loss0": float(loss), "params": int(flat.size),
             "output_rel": relative(f.detach().numpy(), np.load(os.path.join(directory, "output.npy"))),
             "grad_rel": relative(flat, np.load(os.path.join(directory, "grad.npy")))}

    # the update of one SGD step (the timed step's optimizer) on a twin network, against the update
    # ntklab's timed step made (its fused in-place descent) at the same learning rate
    twin = Fcn(names, blocks, x.shape[1])
    for p in twin.params:
        p.requires_grad_(True)
    twin_opt = torch.optim.SGD(twin.params, lr=check_lr, foreach=True)
    twin_opt.zero_grad(set_to_none=True)
    bce_sum(twin.forward(x), y).backward()
    twin_opt.step()
    update = torch.cat([(p.detach() - torch.tensor(b, dtype=torch.float64).reshape(p.shape)).reshape(-1)
                        for p, b in zip(twin.params, blocks)]).numpy()
    check["update_rel"] = relative(update, np.load(os.path.join(directory, "update.npy")))
    del twin, twin_opt

    opt = torch.optim.SGD(net.params, lr=lr, foreach=True)

    def step():
        opt.zero_grad(set_to_none=True)
        bce_sum(net.forward(x), y).backward()
        opt.step()

    return step, check


def make_ntk_recipes(directory):
    names, blocks = load_params(directory)
    x = torch.tensor(np.load(os.path.join(directory, "x.npy")), dtype=torch.float64)
    net = Fcn(names, blocks, x.shape[1])
    params = [p.detach() for p in net.params]
    n = x.shape[0]
    count = sum(p.numel() for p in params)

    def gram_loop():
        ps = [p.clone().requires_grad_(True) for p in params]
        jac = torch.empty(n, count, dtype=torch.float64)
        for i in range(n):
            g = torch.autograd.grad(net.forward_with(ps, x[i:i + 1]).sum(), ps)
            jac[i] = torch.cat([t.reshape(-1) for t in g])
        return jac @ jac.t()

    def gram_vmap():
        from functorch import jacrev, vmap

        def single(ps, xi):
            return net.forward_with(list(ps), xi.unsqueeze(0)).squeeze(0)

        # the per-sample Jacobian, one n x |block| piece per parameter block; J J^T is the sum of the
        # pieces' products (functorch's "Jacobian contraction" recipe, without copying J into one tensor)
        jacs = vmap(jacrev(single), in_dims=(None, 0))(tuple(params), x)
        gram = None
        for j in jacs:
            j = j.reshape(n, -1)
            gram = j @ j.t() if gram is None else gram.addmm_(j, j.t())
        return gram

    def gram_layerwise():
        # the formula ntklab computes, written in PyTorch as an expert would for an MLP: a dense layer
        # h = W z + b contributes (D D^T) * (Z Z^T + [bias]), D = df/dh per sample (back-propagated
        # for all samples at once, the output being one logit); no per-sample Jacobian
        with torch.no_grad():
            last = len(net.layers) - 1
            inputs, pre = [], []
            a = x
            for i, (w, b) in enumerate(net.layers):
                inputs.append(a)
                h = torch.addmm(b, a, w.t()) if b is not None else a @ w.t()
                if i < last:
                    pre.append(h)
                    a = math.sqrt(2.0 / w.shape[0]) * torch.relu(h)
            delta = torch.ones(n, 1, dtype=torch.float64)
            gram = torch.zeros(n, n, dtype=torch.float64)
            for i in range(last, -1, -1):
                w, b = net.layers[i]
                zz = inputs[i] @ inputs[i].t()
                if b is not None:
                    zz += 1.0
                gram += (delta @ delta.t()) * zz
                if i > 0:
                    # a_{i-1} = sqrt(2 / m) relu(h_{i-1}) with m = the width of layer i - 1 = W_i's fan-in
                    delta = (delta @ w) * (math.sqrt(2.0 / w.shape[1]) * (pre[i - 1] > 0))
            return gram

    recipes = {"vmap": gram_vmap, "loop": gram_loop}
    return recipes, gram_layerwise, count, np.load(os.path.join(directory, "gram.npy"))


def median(v):
    return statistics.median(v)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", help="where ntklab exports its .npy files")
    parser.add_argument("--java", required=True, help="the command starting org.ntklab.bench.Compare --serve")
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternating rounds (PyTorch's NTK runs once per round: >= 5 for a valid median)")
    parser.add_argument("--batch", type=int, default=3, help="runs per side per round")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ntk-methods", default="vmap,loop")
    parser.add_argument("--json", help="write all samples and results to this file")
    parser.add_argument("--settle", type=float, default=0.2,
                        help="seconds of pause before each timed batch, so that the other side's BLAS threads, "
                             "which spin for a while after their last product, are idle again")
    parser.add_argument("--check-only", action="store_true",
                        help="only check that both sides compute the same numbers; no timing, no RATIO lines")
    args = parser.parse_args()
    if args.rounds < 1 or args.batch < 1:
        parser.error("--rounds and --batch must be at least 1")
    few = args.rounds < 5 or args.rounds * args.batch < 5
    if few and not args.check_only:
        print("warning: fewer than 5 runs per median (--rounds %d --batch %d): a smoke test, not a measurement"
              % (args.rounds, args.batch), file=sys.stderr)

    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float64)
    if torch.get_num_threads() != args.threads:
        raise RuntimeError("PyTorch runs %d threads, not %d" % (torch.get_num_threads(), args.threads))
    libs, core = blas_info()
    reference = [l for l in libs if os.path.basename(l).startswith("libblas.so") and not
                 any(k in l.lower() for k in ("openblas", "mkl"))]
    if reference:
        raise RuntimeError("PyTorch's float64 products would run on the reference BLAS (%s): not a fair comparison"
                           % ", ".join(reference))

    java = JavaServer(shlex.split(args.java), os.path.join(args.dir, "ntklab-server.log"))
    try:
        info = json.loads(java.ask("info"))
        train_step, train_check = make_train_step(os.path.join(args.dir, "train"), 1e-6,
                                                 info["train_check_learning_rate"])
        train_check["loss_rel"] = relative([train_check["loss0"]], [info["train_loss0"]])
        recipes, layerwise, params, reference_gram = make_ntk_recipes(os.path.join(args.dir, "ntk"))
        layerwise_rel = relative(layerwise().numpy(), reference_gram)

        # one run of each NTK recipe: checks its whole Gram matrix against ntklab's, warms up, and picks
        # PyTorch's faster recipe
        ntk_first = {}
        for name in args.ntk_methods.split(","):
            try:
                t = time.perf_counter()
                k = recipes[name]()
                ntk_first[name] = {"seconds": time.perf_counter() - t, "gram_rel": relative(k.numpy(), reference_gram)}
                del k
            except Exception as e:  # functorch missing or failing: keep the other recipe
                ntk_first[name] = {"error": "%s: %s" % (type(e).__name__, e)}
        usable = {k: v for k, v in ntk_first.items() if "seconds" in v}
        if not usable:
            raise RuntimeError("no PyTorch empirical-NTK recipe ran: %s" % ntk_first)
        best = min(usable, key=lambda k: usable[k]["seconds"])

        # the agreement check, before anything is timed: every quantity, every entry, both recipes
        tc, nc = info["train_config"], info["ntk_config"]
        checks = [("training step %s: network outputs" % config_text(tc), train_check["output_rel"]),
                  ("training step %s: summed loss" % config_text(tc), train_check["loss_rel"]),
                  ("training step %s: full parameter gradient (P=%d)" % (config_text(tc), train_check["params"]),
                   train_check["grad_rel"]),
                  ("training step %s: update of one timed-path step, lr %g (P=%d)"
                   % (config_text(tc), info["train_check_learning_rate"], train_check["params"]),
                   train_check["update_rel"])]
        checks += [("empirical NTK %s: Gram matrix %dx%d, PyTorch recipe %s" % (config_text(nc), nc["n"], nc["n"], name),
                    v["gram_rel"]) for name, v in usable.items()]
        checks += [("empirical NTK %s: Gram matrix %dx%d, PyTorch layer-wise formula" % (config_text(nc), nc["n"], nc["n"]),
                    layerwise_rel)]
        failed = False
        for what, rel in checks:
            ok = agrees(rel)
            failed |= not ok
            print("check %s: relative Frobenius %.1e, max entry difference / max entry %.1e: %s"
                  % (what, rel[0], rel[1], "equal to %.0e" % TOLERANCE if ok else "MISMATCH"))
        sys.stdout.flush()
        if failed:
            print("error: ntklab and PyTorch disagree beyond %.0e relative; nothing timed" % TOLERANCE, file=sys.stderr)
            sys.exit(2)
        if args.check_only:
            return

        for _ in range(3):
            train_step()
        for _ in range(3):
            layerwise()
        samples = {"ntklab_train": [], "torch_train": [], "ntklab_ntk": [], "torch_ntk": [], "torch_ntk_layerwise": [],
                   "dgemm_gflops": []}
        round_ratios = {"train_step": [], "empirical_ntk": [], "empirical_ntk_layerwise": []}
        def settle():
            time.sleep(args.settle)

        for r in range(args.rounds):
            settle()
            jt = java.numbers("train %d" % args.batch)
            settle()
            tt = timed(train_step, args.batch)
            settle()
            samples["dgemm_gflops"] += java.numbers("dgemm 1")
            jn = java.numbers("ntk %d" % args.batch)
            settle()
            tn = timed(recipes[best], 1)
            settle()
            tl = timed(layerwise, args.batch)
            samples["torch_ntk_layerwise"] += tl
            round_ratios["empirical_ntk_layerwise"].append(median(tl) / median(jn))
            samples["ntklab_train"] += jt
            samples["torch_train"] += tt
            samples["ntklab_ntk"] += jn
            samples["torch_ntk"] += tn
            round_ratios["train_step"].append(median(tt) / median(jt))
            round_ratios["empirical_ntk"].append(median(tn) / median(jn))
            print("round %d: train ntklab %.1f ms, PyTorch %.1f ms; NTK ntklab %.1f ms, PyTorch %.0f ms, "
                  "PyTorch layer-wise %.1f ms"
                  % (r + 1, 1e3 * median(jt), 1e3 * median(tt), 1e3 * median(jn), 1e3 * median(tn), 1e3 * median(tl)),
                  file=sys.stderr)
    finally:
        java.close()

    m = {k: median(v) for k, v in samples.items()}
    train_ratio = m["torch_train"] / m["ntklab_train"]
    ntk_ratio = m["torch_ntk"] / m["ntklab_ntk"]
    train_gflops = info["train_flops"] / m["ntklab_train"] / 1e9
    fraction = train_gflops / m["dgemm_gflops"]

    print("RATIO train_step %.3f" % train_ratio)
    print("RATIO empirical_ntk %.3f" % ntk_ratio)
    layerwise_ratio = m["torch_ntk_layerwise"] / m["ntklab_ntk"]
    print("RATIO empirical_ntk_layerwise %.3f" % layerwise_ratio)
    ntk_gflops = info["ntk_flops"] / m["ntklab_ntk"] / 1e9
    ntk_fraction = ntk_gflops / m["dgemm_gflops"]
    print()
    if few:
        print("SMOKE TEST: fewer than 5 runs per median; these numbers are not a measurement")
    print("PyTorch %s, float64, %d threads, BLAS %s (OpenBLAS kernels: %s)"
          % (torch.__version__, torch.get_num_threads(), ", ".join(os.path.basename(l) for l in libs) or "built in",
             core))
    print("ntklab: %s, native BLAS %s, %d threads" % (info["java"], info["blas_native"], info["blas_threads"]))
    print("%d alternating rounds of %d runs per side (NTK in PyTorch: 1 per round); medians over all runs: "
          "%d per side for the training step, %d (ntklab) and %d (PyTorch) for the NTK"
          % (args.rounds, args.batch, len(samples["ntklab_train"]), len(samples["ntklab_ntk"]),
             len(samples["torch_ntk"])))
    print()
    print("| comparison | configuration | ntklab median | PyTorch median | ntklab speed / PyTorch speed |")
    print("| --- | --- | --- | --- | --- |")
    print("| training step (forward + backward + SGD update) | FCN %s | %.1f ms | %.1f ms | %.2f |"
          % (config_text(tc), 1e3 * m["ntklab_train"], 1e3 * m["torch_train"], train_ratio))
    print("| empirical NTK (PyTorch: per-sample Jacobian by %s, then J J^T) | FCN %s, P=%d "
          "| %.1f ms | %.0f ms | %.1f |"
          % (best, config_text(nc), params, 1e3 * m["ntklab_ntk"], 1e3 * m["torch_ntk"], ntk_ratio))
    print("| empirical NTK (PyTorch: the same layer-wise formula, float64) | FCN %s | %.1f ms | %.1f ms | %.2f |"
          % (config_text(nc), 1e3 * m["ntklab_ntk"], 1e3 * m["torch_ntk_layerwise"], layerwise_ratio))
    print()
    print("empirical NTK: %.3f GFLOP (matrix products as ntklab computes them: forward, W^T delta, lower triangles "
          "of D D^T and Z Z^T), %.1f GFLOP/s; fraction of dgemm %.0f%%"
          % (info["ntk_flops"] / 1e9, ntk_gflops, 100 * ntk_fraction))
    for name, v in ntk_first.items():
        print("PyTorch NTK recipe %s: %s" % (name, "%.0f ms (first run)" % (1e3 * v["seconds"]) if "seconds" in v
                                              else "not run (%s)" % v["error"]))
    print("per-round ratios: train_step %s; empirical_ntk %s"
          % (" ".join("%.2f" % v for v in round_ratios["train_step"]),
             " ".join("%.1f" % v for v in round_ratios["empirical_ntk"])))
    print("per-round ratios: empirical_ntk_layerwise %s"
          % " ".join("%.2f" % v for v in round_ratios["empirical_ntk_layerwise"]))
    print("training step: %.3f GFLOP per step (matrix products only: 2n(2dm + 3(L-1)m^2 + 3m)), %.1f GFLOP/s; "
          "dgemm %d^3 in the same runs: %.1f GFLOP/s (median of %d); fraction %.0f%%"
          % (info["train_flops"] / 1e9, train_gflops, info["dgemm_n"], m["dgemm_gflops"],
             len(samples["dgemm_gflops"]), 100 * fraction))
    print("agreement (checked before timing, all entries): outputs %.1e, loss %.1e, gradient %.1e, update of one "
          "step %.1e, Gram (%s) %.1e (largest of relative Frobenius and max-entry differences); loss ntklab %.12g, "
          "PyTorch %.12g"
          % (max(train_check["output_rel"]), max(train_check["loss_rel"]), max(train_check["grad_rel"]),
             max(train_check["update_rel"]), best, max(usable[best]["gram_rel"]), info["train_loss0"],
             train_check["loss0"]))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"ntklab": info, "samples": samples, "medians": m, "round_ratios": round_ratios,
                       "ratios": {"train_step": train_ratio, "empirical_ntk": ntk_ratio,
                                  "empirical_ntk_layerwise": layerwise_ratio},
                       "ntk_gflops": ntk_gflops, "ntk_fraction_of_dgemm": ntk_fraction,
                       "smoke_test": few, "rounds": args.rounds, "batch": args.batch,
                       "train_gflops": train_gflops, "fraction_of_dgemm": fraction,
                       "train_check": train_check, "ntk_first_runs": ntk_first, "ntk_recipe": best,
                       "pytorch": {"version": torch.__version__, "blas": libs, "core": core,
                                   "threads": torch.get_num_threads()}}, f, indent=1)


def config_text(c):
    return "L=%d, m=%d, d=%d, n=%d" % (c["L"], c["m"], c["d"], c["n"])


if __name__ == "__main__":
    main()
