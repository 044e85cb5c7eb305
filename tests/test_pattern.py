"""The dietary pattern (targets.yaml recipes.week): protein groups, each diet's weekly rules,
held by the planner, caught by the verifier, and never dropped without a word."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from mealplan.data import OMNIVORE, DataError, TagRule, load_targets
from mealplan.errors import InfeasibleError
from mealplan.menu_planner import menu_rules, plan_menu, prepare_menu
from mealplan.plan import MenuItem
from mealplan.planner import PlanOptions
from mealplan.verify import verify_menu

from .conftest import without_sodium_cap

POULTRY = frozenset({"chicken", "turkey"})


def group_rule(group: str, proteins: frozenset[str], low: int | None = None,
               high: int | None = None) -> TagRule:
    return TagRule("", low, high, f"{group} rule", group, proteins)


def with_pattern(targets, *rules: TagRule, diet: str = OMNIVORE):
    """The targets with ``rules`` as the diet's whole pattern and no tag rules."""
    recipes = replace(targets.recipes, tag_rules=(), patterns={diet: tuple(rules)})
    return replace(without_sodium_cap(targets), recipes=recipes)


def dishes(plan) -> list[tuple[int, str, str]]:
    return sorted({(day.day, item.meal, item.recipe) for day in plan.days for item in day.items
                   if item.recipe})


def count(plan, cookbook, proteins) -> int:
    book = cookbook.by_name()
    return sum(1 for _, _, name in dishes(plan) if book[name].protein in proteins)


# --------------------------------------------------------------------------------------------
# The shipped data


def test_every_recipe_protein_is_in_one_group(targets, cookbook):
    groups = targets.recipes.protein_groups
    owners = {p: g for g, proteins in groups.items() for p in proteins}
    missing = sorted({r.protein for r in cookbook.recipes if r.protein} - set(owners))
    assert missing == []
    assert owners["chicken"] == "poultry" and owners["salmon"] == "seafood"
    assert owners["beef"] == "meat" and owners["egg"] == "eggs"


def test_each_diet_has_its_own_pattern_and_can_meet_every_minimum(catalogue, targets,
                                                                   cookbook):
    omnivore = {rule.group for rule in targets.recipes.for_diet(None).tag_rules if rule.min}
    assert {"seafood", "poultry", "meat"} <= omnivore
    for diet in targets.diets:
        rules = targets.recipes.for_diet(diet).tag_rules
        assert [r.label for r in rules] != [r.label for r in targets.recipes.for_diet(
            None).tag_rules], diet
        # No minimum the diet's own recipes cannot count toward: nothing to skip or warn of.
        prepared = prepare_menu(catalogue, targets, cookbook, PlanOptions(diet=diet))
        assert not [w for w in prepared.warnings if "weekly rule" in w], diet
        assert prepared.problem.tag_rules == tuple(
            (rule, *rule.bounds(7)) for rule in rules)
    vegan = {rule.group for rule in targets.recipes.for_diet("vegan").tag_rules}
    assert not vegan & {"seafood", "poultry", "meat", "eggs"}


def test_a_rule_that_cannot_apply_is_named(catalogue, targets, cookbook):
    prepared = prepare_menu(catalogue, targets, cookbook,
                            PlanOptions(exclude=("fish", "shellfish")))
    assert ("the weekly rule 'seafood two to five times a week' is not applied: no allowed "
            "recipe is one of the seafood dishes") in prepared.warnings
    assert all(rule.group != "seafood" or low is None
               for rule, low, _ in prepared.problem.tag_rules)


def test_the_pattern_is_checked_when_targets_load(tmp_path, targets_text):
    def load(old: str, new: str):
        assert old in targets_text
        path = tmp_path / "targets.yaml"
        path.write_text(targets_text.replace(old, new, 1), encoding="utf-8")
        return load_targets(path)

    with pytest.raises(DataError, match=r"patterns.omnivore\[1\].group.*unknown protein group "
                                        r"'poultri'.*did you mean 'poultry'"):
        load("{group: poultry, min: 1", "{group: poultri, min: 1")
    with pytest.raises(DataError, match="'turkey' is in two groups"):
        load("meat: [beef, pork]", "meat: [beef, pork, turkey]")
    with pytest.raises(DataError, match="patterns.vegn.*unknown diet 'vegn'.*did you mean "
                                        "'vegan'"):
        load("      vegan:\n        - {group: legumes", "      vegn:\n        - {group: legumes")
    with pytest.raises(DataError, match="expected a 'tag' or a 'group'"):
        load("{group: eggs, max: 5,", "{group: eggs, tag: egg, max: 5,")


# --------------------------------------------------------------------------------------------
# The planner holds the rule


def test_a_tiny_cookbook_week_meets_a_poultry_minimum(catalogue, targets, small_cookbook):
    free = plan_menu(catalogue, without_sodium_cap(targets), small_cookbook,
                     PlanOptions(days=2, rounds=0))
    # Without the rule the cheap days have less poultry than the rule asks (or the test
    # would prove nothing).
    assert count(free, small_cookbook, POULTRY) < 2
    strict = with_pattern(targets, group_rule("poultry", POULTRY, low=7))  # 2 in 2 days
    plan = plan_menu(catalogue, strict, small_cookbook, PlanOptions(days=2, rounds=0))
    assert count(plan, small_cookbook, POULTRY) >= 2
    assert plan.status != "shortfall"


@pytest.mark.slow  # two plans or a week's search: 7-14 s here; CI runs it (-m slow)
def test_a_maximum_keeps_a_group_off_the_menu(catalogue, targets, small_cookbook):
    seafood = targets.recipes.protein_groups["seafood"]
    # A week asked for seafood has it (or the test would prove nothing) ...
    free = plan_menu(catalogue, with_pattern(without_sodium_cap(targets),
                                             group_rule("seafood", seafood, low=4)),
                     small_cookbook, PlanOptions(days=2))
    assert count(free, small_cookbook, seafood) > 0
    # ... and one that allows none has none.
    plan = plan_menu(catalogue, with_pattern(targets, group_rule("seafood", seafood, high=0)),
                     small_cookbook, PlanOptions(days=2))
    assert count(plan, small_cookbook, seafood) == 0


def test_a_rule_of_some_meals_counts_only_the_dishes_at_them(catalogue, targets,
                                                             small_cookbook):
    """"Poultry at lunch every day, never at dinner": two rules of one meal each, a
    targets.yaml row apiece; held by the search, and each caught by the verifier."""
    at_lunch = replace(group_rule("poultry", POULTRY, low=7), meals=("lunch",),
                       label="poultry at lunch")
    no_dinner = replace(group_rule("poultry", POULTRY, high=0), meals=("dinner",),
                        label="no poultry dinner")
    assert (at_lunch.key, no_dinner.key) == ("group_poultry_lunch", "group_poultry_dinner")
    assert no_dinner.what == "poultry dishes at dinner"
    paired = with_pattern(targets, at_lunch, no_dinner)
    options = PlanOptions(days=1)
    plan = plan_menu(catalogue, paired, small_cookbook, options)
    book = small_cookbook.by_name()
    poultry = [meal for _, meal, name in dishes(plan) if book[name].protein in POULTRY]
    assert "lunch" in poultry and "dinner" not in poultry
    foods = catalogue.by_name()

    def violations(*rules: TagRule) -> list[str]:
        strict = with_pattern(targets, *rules)
        return verify_menu(plan, foods, menu_rules(
            prepare_menu(catalogue, strict, small_cookbook, options), catalogue, strict,
            small_cookbook, options)).violations

    assert violations(at_lunch, no_dinner) == []
    # The same week under the rules the other way round breaks both, and says which.
    found = violations(replace(at_lunch, meals=("dinner",), label="poultry at dinner"),
                       replace(no_dinner, meals=("lunch",), label="no poultry lunch"))
    assert "0 poultry dishes at dinner, fewer than 1 (poultry at dinner)" in found
    assert "1 poultry dishes at lunch, more than 0 (no poultry lunch)" in found


def test_a_rule_no_week_can_meet_says_which(catalogue, targets, small_cookbook):
    # The small cookbook has poultry at breakfast, lunch and dinner but no poultry snack:
    # four poultry dishes in a day cannot be met.
    impossible = with_pattern(targets, group_rule("poultry", POULTRY, low=28))  # 4 a day
    with pytest.raises(InfeasibleError) as error:
        plan_menu(catalogue, impossible, small_cookbook, PlanOptions(days=1))
    assert error.value.constraint == "min_group_poultry_week"
    assert "'poultry rule' (at least 4 poultry dishes in 1 days" in str(error.value)


def test_a_household_of_one_diet_follows_that_diets_pattern(catalogue, targets, small_cookbook):
    from mealplan.data import household_from_document
    from mealplan.menu_planner import week_rules

    household = household_from_document(
        {"people": [{"name": "Ana", "diet": "vegan"}, {"name": "Bo", "diet": "vegan"}]},
        targets, catalogue, "h.yaml")
    rules = week_rules(targets, PlanOptions(household=household))
    assert rules.tag_rules == targets.recipes.for_diet("vegan").tag_rules
    mixed = household_from_document(
        {"people": [{"name": "Ana", "diet": "vegan"}, {"name": "Bo"}]}, targets, catalogue,
        "h.yaml")
    assert week_rules(targets, PlanOptions(household=mixed)).tag_rules == \
        targets.recipes.for_diet(None).tag_rules


# --------------------------------------------------------------------------------------------
# The verifier catches a broken rule


def test_the_verifier_catches_a_week_short_of_a_pattern_minimum(catalogue, targets,
                                                                small_cookbook):
    strict = with_pattern(targets, group_rule("poultry", POULTRY, low=4))  # 1 in 2 days
    options = PlanOptions(days=2)
    plan = plan_menu(catalogue, strict, small_cookbook, options)
    rules = menu_rules(prepare_menu(catalogue, strict, small_cookbook, options), catalogue,
                       strict, small_cookbook, options)
    foods = catalogue.by_name()
    assert verify_menu(plan, foods, rules).violations == []
    book = small_cookbook.by_name()
    broken = copy.deepcopy(plan)
    # Every poultry dish becomes another dish of its meal that is not poultry.
    for day in broken.days:
        for meal, name in {(i.meal, i.recipe) for i in day.items if i.recipe}:
            if book[name].protein in POULTRY:
                other = next(r for r in small_cookbook.recipes if meal in r.meals
                             and r.protein not in POULTRY and r.name not in
                             {i.recipe for d in broken.days for i in d.items})
                day.items = [i for i in day.items if i.recipe != name] + [
                    MenuItem(meal, i.food, i.grams / foods[i.food].grams, i.grams, {},
                             other.name, 1.0) for i in other.ingredients]
    found = verify_menu(broken, foods, rules).violations
    assert "0 poultry dishes, fewer than 1 (poultry rule)" in found


def test_the_verifier_does_not_ask_for_what_the_table_cannot_eat(catalogue, targets,
                                                                 small_cookbook):
    seafood = targets.recipes.protein_groups["seafood"]
    strict = with_pattern(targets, group_rule("seafood", seafood, low=7))  # 1 a day
    options = PlanOptions(days=1, exclude=("fish", "shellfish"))
    plan = plan_menu(catalogue, strict, small_cookbook, options)
    assert any("'seafood rule' is not applied" in warning for warning in plan.warnings)
    rules = menu_rules(prepare_menu(catalogue, strict, small_cookbook, options), catalogue,
                       strict, small_cookbook, options)
    assert verify_menu(plan, catalogue.by_name(), rules).violations == []
    # The same week for a table that eats fish is short of it.
    eats_fish = replace(rules, excluded=frozenset())
    assert "0 seafood dishes, fewer than 1 (seafood rule)" in verify_menu(
        plan, catalogue.by_name(), eats_fish).violations


def test_the_greedy_week_keeps_a_maximum_a_single_day_could_pass(catalogue, targets,
                                                                small_cookbook):
    """The greedy week (the fallback when time runs out) prices a full rule's dishes out; a
    day that brings two of them to a rule with room for one must be re-priced too."""
    import time

    from mealplan.menu_improve import greedy_week
    from mealplan.menu_pricing import Pricer
    from mealplan.search_settings import SearchSettings

    def greedy(rule_targets):
        problem = prepare_menu(catalogue, rule_targets, small_cookbook,
                               PlanOptions(days=2)).problem
        pricers = [Pricer(problem, t) for t in range(len(problem.day_types))]
        week = greedy_week(problem, pricers, SearchSettings(), time.perf_counter() + 60)
        return problem, week

    problem, week = greedy(with_pattern(targets))
    # The group a cheap day has most of: two dishes of it on one day at least.
    most = {name: max(c.rule_count(problem, group_rule(name, proteins)) for c in week)
            for name, proteins in targets.recipes.protein_groups.items()}
    name = max(most, key=most.get)
    assert most[name] >= 2, most
    proteins = targets.recipes.protein_groups[name]
    problem, week = greedy(with_pattern(targets, group_rule(name, proteins, high=3)))  # 1
    assert week is not None
    assert sum(c.rule_count(problem, problem.tag_rules[0][0]) for c in week) <= 1


def test_a_budget_may_leave_a_weekly_minimum_short_and_says_so(catalogue, targets,
                                                                small_cookbook):
    # Two poultry dishes in two days, and a dollar for the week: a week within the budget
    # buys nothing, so it has no poultry; the plan says so and the verifier lets it pass,
    # as it lets the budget leave a meal unplanned.
    strict = with_pattern(targets, group_rule("poultry", POULTRY, low=7))
    plan = plan_menu(catalogue, strict, small_cookbook, PlanOptions(days=2, budget=1.0,
                                                                     rounds=0))
    assert count(plan, small_cookbook, POULTRY) == 0 and plan.shopping_cost <= 1.0
    assert ("the budget leaves the week short of the weekly rule 'poultry rule' (0 poultry "
            "dishes, at least 2 in 2 days)") in plan.warnings


@pytest.mark.slow  # two plans or a week's search: 7-14 s here; CI runs it (-m slow)
def test_a_minimum_counts_only_dishes_the_whole_table_eats(catalogue, targets, small_cookbook):
    # A dish on a table's menu is eaten by everyone who can eat it, so a vegetarian at the
    # table leaves no seafood dish the table can share: two seafood dishes in two days would
    # make every week impossible.  The rule is not applied, the plan says why, and the
    # verifier (which reads the household, not the model) agrees.
    from mealplan.data import household_from_document

    strict = with_pattern(targets, group_rule("seafood", targets.recipes.protein_groups[
        "seafood"], low=7))
    table = household_from_document({"people": [
        {"name": "Ana", "profile": "adult"},
        {"name": "Lea", "profile": "adult", "diet": "vegetarian"}]}, strict, catalogue)
    plan = plan_menu(catalogue, strict, small_cookbook, PlanOptions(days=2, household=table))
    assert ("the weekly rule 'seafood rule' is not applied: no recipe everyone at the table "
            "eats is one of the seafood dishes") in plan.warnings
    alone = plan_menu(catalogue, strict, small_cookbook, PlanOptions(days=2))
    assert count(alone, small_cookbook, targets.recipes.protein_groups["seafood"]) >= 2
