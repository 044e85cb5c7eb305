"""The week pays for what it buys: whole packages, what keeps and what spoils, staples, and
the week after (shopping.py, the recipe planner, the plan)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mealplan.menu_planner import plan_menu
from mealplan.planner import PlanOptions
from mealplan.shopping import Line, Lines, ShoppingRules, catalogue_lines, till, week_cost
from mealplan.staples import load_staples

RULES = ShoppingRules(keeps_days=14, line_cost=0.5)


def _lines(at_home: float = 0.0) -> Lines:
    # A bag of spinach that spoils ($4 for 300 g) and a jar of oats that keeps ($5 for 1 kg).
    return Lines((Line(("g", "spinach"), "Spinach", 300, 4.0, keeps=False, at_home=at_home),
                  Line(("g", "oats"), "Oats", 1000, 5.0, keeps=True)))


def test_a_product_that_spoils_is_charged_whole_packages_and_one_that_keeps_is_not():
    # 350 g of spinach is two bags, charged whole; 50 g of oats is charged by the column
    # (what is used), so the week adds only the product's line charge for it.
    assert week_cost(_lines(), {0: 350.0, 1: 50.0}, RULES) == pytest.approx(2 * 4.0 + 2 * 0.5)
    # The till pays whole packages of both.
    assert till(_lines(), {0: 350.0, 1: 50.0}) == pytest.approx(2 * 4.0 + 5.0)


def test_what_is_at_home_is_used_first():
    # 100 g at home: 350 g needs one more bag, not two; 50 g needs none and no line charge.
    assert till(_lines(at_home=100.0), {0: 350.0}) == pytest.approx(4.0)
    assert week_cost(_lines(at_home=100.0), {0: 50.0}, RULES) == 0.0


def test_a_hair_over_a_package_is_not_another_package():
    assert till(_lines(), {0: 300.0000000001}) == pytest.approx(4.0)


def test_forms_of_one_product_share_a_line_and_staples_have_none(catalogue):
    eggs = [food for food in catalogue.foods if food.product == "Eggs"]
    salt = catalogue.by_name()["Salt"]
    lines = catalogue_lines([*eggs, salt], replace(RULES, staples=frozenset({"Salt"})))
    assert [line.name for line in lines.lines] == ["Eggs"]
    assert "Salt" not in lines.of_food
    # Eggs keep for weeks once bought (FoodKeeper): charged for what is used.
    assert lines.lines[0].keeps


def test_the_shipped_staples_are_foods_of_the_catalogue(catalogue):
    staples = load_staples(None, catalogue)
    assert {"Salt", "Black pepper", "Olive oil"} <= staples
    assert load_staples("none", catalogue) == frozenset()


def test_a_staples_file_line_that_names_no_food_is_refused(catalogue, tmp_path):
    path = tmp_path / "staples.txt"
    path.write_text("# mine\nSalt\nunicorn dust\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_staples(str(path), catalogue)
    assert str(error.value) == (f"{path}, line 3: 'unicorn dust' is not a food of the "
                                f"catalogue; a staples file lists one food of foods.csv a line")


def _with_olive_oil(small_cookbook):
    return [r for r in small_cookbook.recipes if any(i.food == "Olive oil" for i in r.ingredients)]


def test_staples_are_never_bought_but_counted_as_eaten(catalogue, targets, small_cookbook):
    assert _with_olive_oil(small_cookbook), "the small cookbook needs a dish with olive oil"
    staples = load_staples(None, catalogue)
    # rounds=0: the first day found is enough to see what is bought and what is not.
    plan = plan_menu(catalogue, targets, small_cookbook,
                     PlanOptions(days=1, staples=staples, rounds=0))
    used = {item.food for day in plan.days for item in day.items}
    bought = {food for item in plan.shopping_list() for food in item.foods}
    assert plan.staples and plan.staples == sorted(used & staples)
    assert not bought & staples
    assert plan.total_cost is not None and plan.total_cost > 0
    everything = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=1, rounds=0))
    # Without a staples list the staples a plan uses are bought: the till pays for them.
    used = {item.food for day in everything.days for item in day.items}
    bought = {food for item in everything.shopping_list() for food in item.foods}
    assert not everything.staples and used & staples and used & staples <= bought


def test_the_week_after_carries_what_keeps_and_not_what_spoils(recipe_plan):
    carried = recipe_plan.carried_over()
    lines = {food: item for item in recipe_plan.shopping_list() for food in item.foods}
    kept = [item for item in recipe_plan.shopping_list() if item.leftover > 1e-9]
    assert any(not item.spoils for item in kept), "the plan should leave something that keeps"
    assert any(item.spoils for item in kept), "and something that spoils"
    for food in carried:
        assert not lines[food].spoils
    for item in kept:
        if item.spoils:
            assert not set(item.foods) & set(carried)
        else:
            food = item.foods[0]
            info = recipe_plan.foods[food]
            per_serving = info.grams * info.product_ratio if info.package_grams else 1.0
            assert carried[food] * per_serving == pytest.approx(item.leftover)


@pytest.mark.slow  # two plans or a week's search: 7-14 s here; CI runs it (-m slow)
def test_the_week_after_uses_the_carried_packages(catalogue, targets, small_cookbook,
                                                  recipe_plan):
    home = recipe_plan.pantry_after({}, catalogue.by_name())
    assert home == recipe_plan.carried_over() and home
    after = plan_menu(catalogue, targets, small_cookbook,
                      PlanOptions(days=2, pantry=home, avoid=recipe_plan))
    fresh = plan_menu(catalogue, targets, small_cookbook, PlanOptions(days=2, avoid=recipe_plan))
    assert after.shopping_cost <= fresh.shopping_cost + 1e-9


def test_a_line_keeps_frozen_only_with_a_freezer_and_only_if_every_form_freezes():
    from types import SimpleNamespace as Form

    from mealplan.shopping import line_keeping

    chicken = Form(keeps_days=2, freezer_days=270)
    with_freezer = replace(RULES, freezer=True)
    assert line_keeping([chicken], with_freezer) == (True, True)
    assert line_keeping([chicken], RULES) == (False, False)
    # A form that keeps in the fridge needs no freezer; one that does not freeze spoils the line.
    assert line_keeping([Form(keeps_days=30, freezer_days=None)], with_freezer) == (True, False)
    assert line_keeping([chicken, Form(keeps_days=2, freezer_days=None)],
                        with_freezer) == (False, False)
    # Too short a freezer life is no keeping either.
    assert line_keeping([Form(keeps_days=2, freezer_days=7)], with_freezer) == (False, False)


def test_what_freezes_is_frozen_carried_and_said_and_older_plans_still_spoil(recipe_plan):
    from mealplan.plan import Plan
    from mealplan.render import render_shopping_list

    assert recipe_plan.settings["freezer"] is True  # the shipped targets.yaml
    frozen = [item for item in recipe_plan.shopping_list() if item.frozen]
    assert frozen, "the small cookbook's week should buy fish or meat that freezes"
    carried = recipe_plan.carried_over()
    text = render_shopping_list(recipe_plan)
    for item in frozen:
        assert not item.spoils
        if item.leftover > 1e-9:
            assert item.foods[0] in carried
            row = next(line for line in text.splitlines() if f" {item.food} " in line)
            assert f"({item.used_percent:.0f} %), freeze the rest " in row, row
    names = {item.food for item in frozen}
    # A plan file keeps what froze; one from before the freezer (no setting) let it spoil.
    again = Plan.from_json(recipe_plan.to_json())
    assert {item.food for item in again.shopping_list() if item.frozen} == names
    older = replace(recipe_plan, settings={k: v for k, v in recipe_plan.settings.items()
                                           if k != "freezer"})
    assert all(item.spoils for item in older.shopping_list() if item.food in names)
    assert not set(older.carried_over()) & {item.foods[0] for item in frozen}


def test_the_shopping_list_says_what_spoils(recipe_plan):
    from mealplan.render import render_shopping_list

    text = render_shopping_list(recipe_plan)
    spoiling = [item for item in recipe_plan.shopping_list()
                if item.spoils and item.packages and item.used_percent < 99.5]
    assert spoiling
    for item in spoiling:
        row = next(line for line in text.splitlines() if f" {item.food} " in line)
        assert f"rest spoils in {item.keeps_days} d" in row


def test_plan_json_keeps_staples_and_keeping_times(catalogue, targets, small_cookbook):
    from mealplan.plan import Plan

    staples = load_staples(None, catalogue)
    # rounds=0: the first day found is enough to see what is bought and what is not.
    plan = plan_menu(catalogue, targets, small_cookbook,
                     PlanOptions(days=1, staples=staples, rounds=0))
    again = Plan.from_json(plan.to_json())
    assert again.staples == plan.staples and again.staples
    assert {k: v.keeps_days for k, v in again.foods.items()} == {
        k: catalogue.by_name()[k].keeps_days for k in plan.foods}
    assert again.wasted_cost == pytest.approx(plan.wasted_cost)


def test_a_plan_naming_a_staple_it_does_not_carry_is_refused(recipe_plan):
    from mealplan.errors import DataError
    from mealplan.plan import Plan

    document = recipe_plan.to_dict()
    document["staples"] = ["Caviar"]
    with pytest.raises(DataError) as error:
        Plan.from_dict(document, "week.json")
    assert str(error.value).startswith("week.json, staples[0]: expected a food of the plan's foods, found 'Caviar'")


def test_targets_yaml_sets_the_week_costs(tmp_path, targets_text):
    """shopping: in targets.yaml is what the planner charges: a dearer minute and product line
    reach the day model's problem, and a short keeping threshold makes a 7-day product keep."""
    from mealplan.data import load_foods, load_targets
    from mealplan.menu_planner import prepare_menu
    from mealplan.planner import PlanOptions
    from mealplan.recipes import load_recipes

    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("keeps_days: 14", "keeps_days: 5")
                    .replace("line_cost: 1.00", "line_cost: 2.50")
                    .replace("minute_cost: 0.08", "minute_cost: 0.30"), encoding="utf-8")
    targets = load_targets(path)
    catalogue = load_foods(None, targets)
    problem = prepare_menu(catalogue, targets, load_recipes(None, catalogue),
                           PlanOptions(days=1)).problem
    assert (problem.shopping.keeps_days, problem.shopping.line_cost) == (5, 2.5)
    assert problem.minute_cost == 0.30
    shipped = prepare_menu(catalogue, load_targets(None), load_recipes(None, catalogue),
                           PlanOptions(days=1)).problem
    assert (shipped.shopping.line_cost, shipped.minute_cost) == (1.0, 0.08)


def test_the_shopping_list_says_spoils_by_the_threshold_the_week_was_priced_with(
        tmp_path, targets_text, catalogue, small_cookbook):
    """targets.yaml shopping.keeps_days is what the plan's list judges 'spoils' by, in the
    plan and in its file, not the default 14 days."""
    from mealplan.data import load_targets
    from mealplan.menu_planner import plan_menu
    from mealplan.plan import Plan
    from mealplan.planner import PlanOptions

    path = tmp_path / "targets.yaml"
    path.write_text(targets_text.replace("keeps_days: 14", "keeps_days: 400"), encoding="utf-8")
    plan = plan_menu(catalogue, load_targets(path), small_cookbook,
                     PlanOptions(days=1, rounds=0))
    lines = [line for line in plan.shopping_list() if line.keeps_days is not None]
    # A line that keeps two weeks or more (dry goods, oils) is still 'spoils' at 400 days.
    assert any(14 <= line.keeps_days < 400 for line in lines)
    for listed in (lines, [line for line in Plan.from_json(plan.to_json()).shopping_list()
                           if line.keeps_days is not None]):
        assert all(line.spoils == (line.keeps_days < 400) for line in listed)


@pytest.mark.slow  # two plans: ~20 s here; CI runs it (-m slow)
def test_the_bound_counts_each_products_line_charge_and_stays_a_bound(catalogue, targets,
                                                                     small_cookbook):
    """A product bought at all costs its line charge: a day that uses it pays at least its
    share, so the proven bound of a one-day week rises by at least a dollar for each of the
    three products its dishes need at the least (one a dish), and stays under the week."""
    from mealplan.menu_planner import prepare_menu

    options = PlanOptions(days=1)
    charged = plan_menu(catalogue, targets, small_cookbook, options)
    free = replace(targets, shopping=replace(targets.shopping, line_cost=0.0))
    uncharged = plan_menu(catalogue, free, small_cookbook, options)
    assert charged.bound is not None and uncharged.bound is not None
    assert charged.bound >= uncharged.bound + 3 * targets.shopping.line_cost - 1e-6
    assert charged.bound <= charged.objective + 1e-6
    # Each day's share is the line cost over the days; nothing for what is at home.
    two = prepare_menu(catalogue, targets, small_cookbook,
                       replace(options, days=2, pantry={"Oats, quick, dry": 10.0})).problem
    oats = two.lines.of_food["Oats, quick, dry"][0]
    assert oats not in two.line_charges
    assert set(two.line_charges.values()) == {targets.shopping.line_cost / 2}


def test_a_side_bought_for_one_day_is_served_from_a_package_the_week_opens_anyway(
        catalogue, targets, small_cookbook):
    """The exact week's side move: a day whose side is the only use of its product takes a
    side of the same aisle from a package another day opens, when that makes the week
    cheaper (the default week bought five milks for a cup or two each)."""
    from mealplan.menu_improve import _side_moves, _side_replaced
    from mealplan.menu_planner import prepare_menu
    from mealplan.menu_search import search
    from mealplan.menu_week import exact_value, week_allowed, week_products
    from mealplan.search_settings import SearchSettings

    problem = prepare_menu(catalogue, targets, small_cookbook,
                           PlanOptions(days=2, rounds=0)).problem
    week = search(problem, SearchSettings(rounds=0), 60).week
    line_of = [problem.lines.of_food.get(food.name, (None, 0.0))[0] for food in problem.sides]
    bought = set(week_products(week))
    # Make the week worse the way the move mends: one day's side served from a product
    # bought for it alone, while its own product is still bought for something else.

    def worse_weeks():
        for day, column in enumerate(week):
            for (f, _), _ in column.sides:
                for g, food in enumerate(problem.sides):
                    if (line_of[g] in bought or line_of[g] is None
                            or food.category != problem.sides[f].category):
                        continue
                    moved = _side_replaced(problem, column, f, g)
                    trial = week[:day] + [moved] + week[day + 1:] if moved else None
                    if (trial and week_allowed(problem, trial, day)
                            and line_of[f] in week_products(trial)):
                        yield trial

    worse = next(worse_weeks(), None)
    assert worse is not None, "the small cookbook's week should have a side to move"
    before = exact_value(problem, worse)
    mended = _side_moves(problem, worse, before)
    assert mended is not None
    better, value = mended
    assert value == pytest.approx(exact_value(problem, better)) and value < before - 1e-6
    assert len(week_products(better)) < len(week_products(worse))
    assert all(week_allowed(problem, better, day) for day in range(len(better)))
