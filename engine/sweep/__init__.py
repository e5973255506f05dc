"""The sweep lab: N races as one array (heatmaps of hyper-parameters, basins of attraction)."""
