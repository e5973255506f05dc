"""The landscape lab: the MNIST network's loss on slices through weight space.

* :mod:`engine.landscape.directions`: filter-normalised random and PCA directions,
  path projection;
* :mod:`engine.landscape.evaluate`: batched, threaded evaluation of many points;
* :mod:`engine.landscape.study`: train with snapshots, slices, 1-D interpolation;
* :mod:`engine.landscape.sharpness`: the top Hessian eigenvalue and stability thresholds.
"""
