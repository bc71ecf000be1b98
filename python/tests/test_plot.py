import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import ntklab  # noqa: E402


def test_figures_from_a_reproduction(reproduction):
    rep = ntklab.load_reproduction(reproduction)
    runs = [rep.runs["fcn-ce-m8-s1"], rep.runs["fcn-mse-m8-s1"]]
    ax = ntklab.plot.d_inf(runs)
    assert len(ax.lines) == 2 and ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fcn L=2 m=8 ce", "fcn L=2 m=8 mse"]

    ax = ntklab.plot.outputs(rep.run("fig1"), samples=6)
    assert len(ax.lines) == 12, "f_i and the kernel machine's u_i for six samples"

    ax = ntklab.plot.kernel_profile(rep.tables["kernel-profile-init"])
    assert [line.get_label() for line in ax.lines] == ["analytic", "m=50", "m=100", "m=200"]
    ax = ntklab.plot.kernel_profile(rep.run("fig1"))
    assert len(ax.lines) == 5  # analytic and four times
    plt.close("all")
