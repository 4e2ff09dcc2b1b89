"""`make bench` (`python -m benchmarks`): how long Kring's main pages take, per role, in-process."""
