"""Households: one shared menu, portions sized per person, each person's targets checked on
their own, and one shopping list for everyone."""

from __future__ import annotations

import dataclasses
import json

import pytest

from mealplan.cli import cli
from mealplan.data import household_from_document, load_household
from mealplan.errors import DataError
from mealplan.plan import Plan
from mealplan.planner import PlanOptions, plan_week
from mealplan.render import render_plan
from mealplan.domain import Person
from mealplan.verify import Rules, verify

FAMILY = {"people": [
    {"name": "Ana", "profile": "women_31_50", "diet": "vegetarian", "low_caffeine": True},
    {"name": "Ben", "profile": "men_19_30", "exclude": ["salmon", "sardines"]},
]}


@pytest.fixture(scope="session")
def family(targets, small_catalogue):
    return household_from_document(FAMILY, targets, small_catalogue)


@pytest.fixture(scope="session")
def family_plan(small_catalogue, targets, family):
    return plan_week(small_catalogue, roomy(targets), PlanOptions(days=2, household=family))


def roomy(targets):
    """The 36 foods of the small catalogue are too few for two people on two days that share at
    most half of their foods and meet every target; that rule is tested in test_planner."""
    return dataclasses.replace(targets, planner=dataclasses.replace(targets.planner,
                                                                    max_shared_foods=1.0))


def _rules(plan, catalogue, targets, family):
    """The rules as the verifier sees them, built from the household file, not the plan."""
    people = []
    for member in family.members:
        own = targets.for_profile(member.profile)
        if member.caffeine_cap_mg is not None:
            own["caffeine_mg"] = dataclasses.replace(own["caffeine_mg"],
                                                     max=member.caffeine_cap_mg)
        people.append(Person(name=member.name, targets=own, credits=dict(targets.credits),
                             excluded=member.excluded))
    return Rules(targets=targets.for_profile(None), settings=roomy(targets).planner,
                 days=len(plan.days), excluded=frozenset(), household=tuple(people))


def _intake(plan, catalogue, name, day, key):
    foods = catalogue.by_name()
    return sum(foods[item.food].amount(key) * item.portions.get(name, 0)
               for item in plan.days[day - 1].items)


# ---- the household file


def test_household_file_loads_people_with_their_own_exclusions(tmp_path, targets, catalogue):
    path = tmp_path / "household.yaml"
    path.write_text("people:\n"
                    "  - {name: Ana, profile: pregnancy_31_50, diet: vegan}\n"
                    "  - name: Leo\n"
                    "    profile: children_4_8\n"
                    "    exclude: [mushrooms]\n"
                    "    credits: {vitamin_d_ug: 5}\n", encoding="utf-8")
    household = load_household(path, targets, catalogue)
    ana, leo = household.members
    assert (ana.name, ana.profile, ana.diet) == ("Ana", "pregnancy_31_50", "vegan")
    assert "Salmon, baked" in ana.excluded and "Salmon, baked" not in leo.excluded
    assert "White mushrooms, raw" in leo.excluded
    assert leo.credits == {"vitamin_d_ug": 5.0}
    assert household.source == str(path)


@pytest.mark.parametrize("document, message", [
    ({}, "household.yaml, key 'people': missing"),
    ({"people": []}, "household.yaml, key 'people': expected a list of people, found []"),
    ({"people": [{"profile": "adult"}]}, "household.yaml, key 'people[1].name': missing"),
    ({"people": [{"name": "Ana", "profile": "woman_31_50"}]},
     "household.yaml, key 'people[1].profile': unknown profile 'woman_31_50'; did you mean "
     "'women_31_50' or 'men_31_50' or 'women_51_70'?; choose one of: adult, men_19_30, "
     "men_31_50, men_51_70, men_71_plus, women_19_30, women_31_50, women_51_70, women_71_plus, "
     "pregnancy_19_30, pregnancy_31_50, children_4_8, boys_9_13, girls_9_13, boys_14_18, "
     "girls_14_18"),
    ({"people": [{"name": "Ana"}, {"name": "ana"}]},
     "household.yaml, key 'people[2].name': 'ana' is named twice; give each person their own "
     "name"),
    ({"people": [{"name": "Ana", "exclude": ["unicorn"]}]},
     "household.yaml, key 'people[1].exclude': exclude 'unicorn': no food, tag or aisle "
     "matches; did you mean 'corn' or 'onion'?"),
    ({"people": [{"name": "Ana", "diet": "keto"}]},
     "household.yaml, key 'people[1].diet': unknown diet 'keto'; choose one of: vegan, "
     "vegetarian, pescatarian"),
    ({"people": [{"name": "Ana", "low_caffeine": True, "max_caffeine": 50}]},
     "household.yaml, key 'people[1].max_caffeine': give low_caffeine or max_caffeine, not "
     "both"),
    ({"people": [{"name": "Ana", "max_caffeine": -5}]},
     "household.yaml, key 'people[1].max_caffeine': expected a number >= 0, found -5"),
    ({"people": [{"name": "Ana", "credits": {"zinc_mg": 5}}]},
     "household.yaml, key 'people[1].credits.zinc_mg': unknown nutrient; did you mean "
     "'iron_mg'?; choose one of: kcal, "
     "magnesium_mg, vitamin_b12_ug, vitamin_d_ug, potassium_mg, calcium_mg, thiamine_mg, "
     "protein_g, fiber_g, sodium_mg, saturated_fat_g, folate_ug, iron_mg, caffeine_mg"),
    ({"people": [{"name": "Ana", "age": 30}]},
     "household.yaml, key 'people[1].age': unknown key; expected one of: name, profile, diet, "
     "exclude, low_caffeine, max_caffeine, credits"),
    ({"people": [{"name": ""}]},
     "household.yaml, key 'people[1].name': expected a name of 1 to 40 printable characters, "
     "found ''"),
    ({"people": [{"name": f"P{n}"} for n in range(13)]},
     "household.yaml, key 'people': 13 people is more than the 12 a household may have; plan "
     "larger groups with --people"),
])
def test_bad_household_files_say_where_and_what(targets, catalogue, document, message):
    with pytest.raises(DataError) as error:
        household_from_document(document, targets, catalogue)
    assert str(error.value) == message


# ---- the plan


def test_every_person_meets_their_own_targets(family_plan, small_catalogue, targets, family):
    assert family_plan.status in ("optimal", "feasible")
    assert [person.name for person in family_plan.household] == ["Ana", "Ben"]
    result = verify(family_plan, small_catalogue.by_name(),
                    _rules(family_plan, small_catalogue, targets, family))
    assert result.ok, result.violations
    assert not result.person_shortfalls
    for member in family.members:
        own = targets.for_profile(member.profile)
        for day in (1, 2):
            for key, nutrient in own.items():
                intake = _intake(family_plan, small_catalogue, member.name, day, key)
                if nutrient.min:
                    assert intake >= nutrient.min * (1 - 1e-9), (member.name, day, key)
                if nutrient.max is not None:
                    assert intake <= nutrient.max * (1 + 1e-9), (member.name, day, key)
    ana_caffeine = max(_intake(family_plan, small_catalogue, "Ana", day, "caffeine_mg")
                       for day in (1, 2))
    assert ana_caffeine <= targets.low_caffeine_mg


def test_the_menu_is_shared_and_only_portions_differ(family_plan, family):
    excluded = {member.name: member.excluded for member in family.members}
    for day in family_plan.days:
        for item in day.items:
            for name, skipped in excluded.items():
                if item.food in skipped:
                    assert name not in item.portions, (day.day, item.food, name)
                else:
                    assert item.portions.get(name, 0) >= 1, (day.day, item.food, name)
            assert item.servings == sum(item.portions.values())


def test_one_shopping_list_feeds_the_whole_household(family_plan):
    shopping = {item.food: item for item in family_plan.shopping_list()}
    line_of = {food: line for line in shopping.values() for food in line.foods}
    servings: dict[str, float] = {}
    needed: dict[str, float] = {}  # in the line's unit: grams of product, or servings
    for day in family_plan.days:
        for item in day.items:
            info = family_plan.foods[item.food]
            share = sum(item.portions.values())  # everyone's servings of this dish
            line = line_of[item.food].food
            servings[line] = servings.get(line, 0.0) + share
            amount = (item.grams * share / item.servings * info.product_ratio
                      if info.package_grams else share)
            needed[line] = needed.get(line, 0.0) + amount
    assert set(shopping) == set(needed)
    for line, amount in needed.items():
        item = shopping[line]
        assert item.servings == pytest.approx(servings[line])
        assert item.needed == pytest.approx(amount)
        assert item.packages * item.package_size >= amount - 1e-9
        assert (item.packages - 1) * item.package_size < amount


def test_household_plan_json_round_trip(family_plan):
    again = Plan.from_json(family_plan.to_json())
    assert again.household == family_plan.household
    assert again.days == family_plan.days
    assert again.coverage("Ben") == family_plan.coverage("Ben")


# ---- the verifier, per person: each check must be able to fail


def _with_item(plan, day, food, change):
    plan = Plan.from_json(plan.to_json())
    items = plan.days[day - 1].items
    for n, item in enumerate(items):
        if item.food == food:
            items[n] = change(item)
    return plan


def _first_item(plan, skip=()):
    return next(item for item in plan.days[0].items if item.food not in skip)


def test_verifier_catches_a_dish_given_to_someone_who_does_not_eat_it(
        family_plan, small_catalogue, targets, family):
    ben_skips = family.members[1].excluded
    item = _first_item(family_plan, skip=ben_skips)
    meat_for_ana = dataclasses.replace(item, food="Chicken breast, roasted")
    plan = _with_item(family_plan, 1, item.food, lambda _: meat_for_ana)
    plan.foods.setdefault("Chicken breast, roasted", plan.foods[item.food])
    result = verify(plan, small_catalogue.by_name(),
                    _rules(plan, small_catalogue, targets, family))
    assert "day 1, Ana: has 'Chicken breast, roasted', which they do not eat" in result.violations


def test_verifier_catches_a_person_left_out_of_a_shared_dish(family_plan, small_catalogue,
                                                            targets, family):
    item = _first_item(family_plan, skip=family.members[1].excluded)
    portions = {name: k for name, k in item.portions.items() if name != "Ben"}
    plan = _with_item(family_plan, 1, item.food, lambda i: dataclasses.replace(
        i, portions=portions, servings=sum(portions.values()),
        grams=sum(portions.values()) * i.grams / i.servings))
    result = verify(plan, small_catalogue.by_name(),
                    _rules(plan, small_catalogue, targets, family))
    assert (f"day 1, Ben: gets none of the shared '{item.food}' at {item.meal}"
            in result.violations)


def test_verifier_catches_portions_that_do_not_add_up(family_plan, small_catalogue, targets,
                                                      family):
    item = _first_item(family_plan)
    plan = _with_item(family_plan, 1, item.food, lambda i: dataclasses.replace(
        i, servings=i.servings + 1, grams=(i.servings + 1) * i.grams / i.servings))
    result = verify(plan, small_catalogue.by_name(),
                    _rules(plan, small_catalogue, targets, family))
    assert (f"day 1: the portions of '{item.food}' do not add up to its {item.servings + 1:g} "
            f"servings" in result.violations)


def test_verifier_checks_each_persons_own_energy_band(family_plan, small_catalogue, targets,
                                                     family):
    # Ana's targets with an energy minimum no menu of hers reaches: the day must fail for her
    # alone, by name.
    rules = _rules(family_plan, small_catalogue, targets, family)
    ana = rules.household[0]
    hungry = dict(ana.targets, kcal=dataclasses.replace(ana.targets["kcal"], min=9000, max=9999))
    rules = dataclasses.replace(rules, household=(dataclasses.replace(ana, targets=hungry),
                                                  rules.household[1]))
    result = verify(family_plan, small_catalogue.by_name(), rules)
    assert any(v.startswith("day 1, Ana: Energy ") and "below the minimum 9000" in v
               for v in result.violations)
    assert not any("Ben: Energy" in v for v in result.violations)


def test_verifier_reports_a_persons_soft_shortfall(family_plan, small_catalogue, targets,
                                                   family):
    rules = _rules(family_plan, small_catalogue, targets, family)
    ben = rules.household[1]
    needy = dict(ben.targets,
                 magnesium_mg=dataclasses.replace(ben.targets["magnesium_mg"], min=5000))
    rules = dataclasses.replace(rules, household=(rules.household[0],
                                                  dataclasses.replace(ben, targets=needy)))
    result = verify(family_plan, small_catalogue.by_name(), rules)
    assert result.ok
    assert set(result.person_shortfalls) == {"Ben"}
    assert set(result.person_shortfalls["Ben"]["magnesium_mg"]) == {1, 2}


# ---- options that combine with a household


def test_household_locks_keep_every_persons_portions(small_catalogue, targets, family,
                                                     family_plan):
    plan = plan_week(small_catalogue, targets, PlanOptions(
        days=2, household=family, keep=family_plan, locks=["day 1 dinner"], seed=3))
    kept = [item for item in family_plan.days[0].items if item.meal == "dinner"]
    now = [item for item in plan.days[0].items if item.meal == "dinner"]
    assert now == kept


def test_household_and_profile_cannot_be_mixed(small_catalogue, targets, family):
    with pytest.raises(DataError) as error:
        plan_week(small_catalogue, targets, PlanOptions(household=family, profile="adult"))
    assert str(error.value) == ("--profile cannot be used with --household: give each person "
                                "a profile in household.yaml")


def test_a_one_person_plan_cannot_lock_into_a_household(small_catalogue, targets, family,
                                                        short_plan):
    with pytest.raises(DataError) as error:
        plan_week(small_catalogue, targets, PlanOptions(
            days=2, household=family, keep=short_plan, locks=["day 1"]))
    assert str(error.value) == ("--lock: the kept plan is for one person, the new one for a "
                                "household")


# ---- command line


@pytest.fixture
def household_yaml(tmp_path):
    path = tmp_path / "household.yaml"
    path.write_text(json.dumps(FAMILY), encoding="utf-8")  # JSON is YAML
    return path


def test_cli_household_plan_shows_each_person(runner, small_foods_csv, household_yaml,
                                              tmp_path):
    out = tmp_path / "week.json"
    result = runner.invoke(cli, ["plan", "--days", "1", "--foods", str(small_foods_csv),
                                 "--household", str(household_yaml), "--output", str(out)])
    assert result.exit_code == 0, result.output
    plan = Plan.from_json(out.read_text(encoding="utf-8"))
    assert [person.name for person in plan.household] == ["Ana", "Ben"]
    table = render_plan(plan)  # what 'plan' prints to a terminal (planning twice is slow)
    assert "Meal plan: 1 day for a household of 2" in table
    assert "Ana: women_31_50, vegetarian, caffeine <= 100 mg" in table
    assert "Daily coverage: Ana" in table and "Daily coverage: Ben" in table
    html = runner.invoke(cli, ["report", str(out)])
    assert html.exit_code == 0
    assert 'data-person="Ben"' in html.output
    listing = runner.invoke(cli, ["shopping-list", str(out), "--people", "2"])
    assert listing.exit_code == 2
    assert listing.output == (f"Error: --people: {out} is planned for a household of 2; its "
                              f"list already feeds everyone in it\n")


def test_cli_bad_household_file_is_one_line(runner, small_foods_csv, tmp_path):
    path = tmp_path / "family.yaml"
    path.write_text("people:\n  - {name: Ana, profile: adult, diet: paleo}\n", encoding="utf-8")
    out = tmp_path / "week.json"
    result = runner.invoke(cli, ["plan", "--foods", str(small_foods_csv), "--household",
                                 str(path), "--output", str(out)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {path}, key 'people[1].diet': unknown diet 'paleo'; "
                             f"choose one of: vegan, vegetarian, pescatarian\n")
    assert not out.exists()


def test_cli_household_with_people_is_refused(runner, small_foods_csv, household_yaml):
    result = runner.invoke(cli, ["plan", "--foods", str(small_foods_csv), "--household",
                                 str(household_yaml), "--people", "3"])
    assert result.exit_code == 2
    assert result.output == ("Error: --people cannot be used with --household: the household "
                             "file says who eats\n")
