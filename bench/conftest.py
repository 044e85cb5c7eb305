# The benchmark suite is never part of pytest.
collect_ignore_glob = ["*"]
