"""The Sweep tab: hyper-parameter heatmaps and basins of attraction (engine/sweep)."""
