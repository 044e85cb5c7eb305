"""The single-food planner: a day is whole servings of foods in meal slots (mealplan/model/); the
week is searched by column generation (search), with heuristics beside it."""
