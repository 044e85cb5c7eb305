"""mealplan's benchmark suite: ``python -m bench`` (see bench/README.md). Never part of pytest."""
