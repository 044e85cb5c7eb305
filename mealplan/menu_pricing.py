"""The recipe search's pricing: the day model kept alive per day type and priced at the
master's duals (Pricer), the duals themselves (MenuDuals: rows by kind and key, smoothed
toward the best-bound ones), and the columns worth adding at them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .menu_day import DayModel, allow_unplanned_meals, day_model
from .menu_master import open_limit
from .menu_problem import Column, MenuProblem, dish_cost
from .search_settings import SearchSettings
from .solve import Resolvable


@dataclass
class Outcome:
    week: list[Column]          # one per day, in order
    objective: float
    bound: float | None
    optimal: bool
    columns: int = 0
    rounds: int = 0
    warnings: list[str] = field(default_factory=list)
    # Each round: its number, the day menus known, the linear master's value, the bound.
    log: list[tuple[int, int, float, float | None]] = field(default_factory=list)
    # Under a budget: the least till of a week found on the way that covers every target.
    full_till: float | None = None


class Pricer:
    def __init__(self, problem: MenuProblem, day_type: int, line_uses: bool = False):
        self.model: DayModel = day_model(problem, day_type, line_uses)
        if problem.budget is not None:
            allow_unplanned_meals(self.model)
        self.solver = Resolvable(self.model.prob)
        highs = getattr(self.solver, "_highs", None)
        if highs is not None:
            # Without presolve HiGHS keeps the day model's LP basis from one objective to the
            # next, and a re-priced day solves from it: 0.05-0.1 s instead of 0.3-0.5 s.
            # A table's day is another matter: each person's meals keep to their shares of
            # the day's energy, and presolve's reductions save far more than the basis (a
            # family's re-priced day: 2-5 s with it, up to 35 s without).
            highs.setOptionValue("presolve", "on" if len(problem.eaters) > 1 else "off")
            highs.setOptionValue("mip_detect_symmetry", False)
            # The sub-MIP heuristics (RINS, RENS) are half of a priced day's time and rarely
            # find what the root and the dual-priced objective do not.
            highs.setOptionValue("mip_heuristic_run_rins", False)
            highs.setOptionValue("mip_heuristic_run_rens", False)
        self.problem = problem
        self.day_type = day_type

    def price(self, recipe_costs, side_costs, line_costs=None, *, cost_scale: float = 1.0,
              carry_costs=None, gap: float, time_limit: float, abs_gap: float | None = None,
              nodes: int | None = None, line_charges=None):
        """The best day at these prices, within ``gap`` or after ``nodes`` branch-and-bound
        nodes (a work budget: the same plan on any machine), whichever comes first."""
        objective = self.model.objective_with(recipe_costs, side_costs, line_costs, cost_scale,
                                              carry_costs, line_charges)
        result = self.solver.solve(objective, time_limit=time_limit, gap=gap, abs_gap=abs_gap,
                                   node_limit=nodes, need_solution=False)
        if result.status == "none" and nodes is not None:
            # The node budget ran out before any day was found: a day is needed more.
            result = self.solver.solve(objective, time_limit=time_limit, gap=gap,
                                       abs_gap=abs_gap, need_solution=False)
        columns = []
        if result.status in ("optimal", "feasible"):
            values = {var: var.varValue or 0.0 for var in self.model.prob.variables()}
            columns.append(self.model.column(values, self.problem, self.day_type))
            for extra in self.solver.extra_solutions():
                columns.append(self.model.column(extra, self.problem, self.day_type))
        return result, columns


def best_columns(pool: dict, duals: "MenuDuals | None", problem: MenuProblem,
                 settings: SearchSettings) -> list[Column]:
    """The pool's most promising days at the last prices: the integer week chooses among
    these."""
    columns = list(pool.values())
    if duals is not None and len(columns) > settings.week_columns:
        columns = sorted(columns, key=lambda c: reduced_cost(c, duals, problem))
        columns = columns[:settings.week_columns]
    return columns


def reduced_cost(column: Column, duals: "MenuDuals", problem: MenuProblem) -> float:
    recipe_costs, side_costs, line_costs, carry_costs = duals.costs_for(problem)
    fridge = column.fridge_balance()
    return (column.cost + sum(line_costs.get(n, 0.0) * amount for n, amount in column.products)
            + sum(carry_costs.get(base, 0.0) * net for base, net in fridge.items())
            # Every dish: a leftover's twin carries the weekly count rules' prices (it is
            # counted as eaten) and never a recipe row's (it is not cooked).
            + sum(dish_cost(recipe_costs, r, meal) for (r, meal), _ in column.dishes)
            + sum(side_costs.get(f, 0.0) for f in column.side_foods)
            - duals.convexity.get(column.day_type, 0.0))


@dataclass
class MenuDuals:
    """The master's row prices (minimisation: a binding <= row prices below 0, which makes
    what it counts dearer in the day model) and what they mean for a day."""

    rows: dict[tuple, float]  # (kind, key) -> dual price
    rhs: dict[tuple, float]   # (kind, key) -> the row's right-hand side
    # costs_for's answer: a set of prices serves one problem, and sorting a pool of
    # thousands of days by reduced cost asks for it once a day.
    _costs: tuple | None = field(default=None, repr=False, compare=False)

    def blend(self, other: "MenuDuals", weight: float) -> "MenuDuals":
        """``weight`` of ``other`` and the rest of these (Wentges smoothing), as the food
        search's ``Duals.blend``: still dual feasible (convexity)."""
        keys = set(self.rows) | set(other.rows)
        return MenuDuals({k: weight * other.rows.get(k, 0.0) + (1 - weight) * self.rows.get(k, 0.0)
                       for k in keys}, {**other.rhs, **self.rhs})

    @property
    def convexity(self) -> dict[int, float]:
        return {key: pi for (kind, key), pi in self.rows.items() if kind == "days"}

    def constant(self) -> float:
        """The rows' part of the Lagrangian: every row but the days' times its price."""
        return sum(pi * self.rhs.get(k, 0.0) for k, pi in self.rows.items() if k[0] != "days")

    @classmethod
    def default(cls, problem: MenuProblem) -> "MenuDuals":
        """The prices before any master: each product that spoils at what is used of it
        (feasible for the master's package variables, so its Lagrangian is a bound)."""
        rows = {("line", n): -cost for n, cost in problem.default_line_costs.items()}
        rhs = {key: problem.lines.lines[key[1]].at_home for key in rows}
        for base, cost in problem.portion_costs.items():
            rows["carry", base] = -cost
            rhs["carry", base] = 0.0
        return cls(rows, rhs)

    def master_variables(self, problem: MenuProblem) -> float | None:
        """The Lagrangian's part from the master's own variables (packages and lines
        bought): their least reduced cost times their range; None when a package is priced
        below nothing, which would leave the bound unproven."""
        lines = problem.lines.lines
        budget = self.rows.get(("budget", 0), 0.0)
        total = 0.0
        for n, line in enumerate(lines):
            pi_line = self.rows.get(("line", n), 0.0)
            pi_open = self.rows.get(("open", n), 0.0)
            if not pi_line and not pi_open:
                continue
            own = problem.cost_weight * (line.price or 0.0) if not line.keeps else 0.0
            packs = own + pi_line * line.size - pi_open - budget * (line.price or 0.0)
            if packs < -1e-7:
                return None
            total += min(0.0, problem.shopping.line_cost + pi_open * open_limit(problem, n))
        return total

    def charging_lines(self, problem: MenuProblem) -> "MenuDuals":
        """These prices for the relaxation whose days pay their shares of the line charges
        (``MenuProblem.line_charges``) in place of the master's lines bought: those lines'
        rows go, and each package's price stays at least 0 (a package priced below nothing
        would leave the Lagrangian unbounded).  Any prices give a bound; these are the
        master's, made feasible for it."""
        rows = dict(self.rows)
        budget = rows.get(("budget", 0), 0.0)
        for n in problem.line_charges:
            rows.pop(("open", n), None)
            line = problem.lines.lines[n]
            own = problem.cost_weight * (line.price or 0.0) if not line.keeps else 0.0
            least = (budget * (line.price or 0.0) - own) / line.size
            if rows.get(("line", n), 0.0) < least:
                rows["line", n] = least
        return MenuDuals(rows, {**self.rhs, **{("line", n): problem.lines.lines[n].at_home
                                                 for n in problem.line_charges}})

    def costs_for(self, problem: MenuProblem) -> tuple[dict[int, float], dict[int, float],
                                                      dict[int, float], dict[int, float]]:
        if self._costs is None:
            self._costs = self._costs_for(problem)
        return self._costs

    def _costs_for(self, problem: MenuProblem) -> tuple[dict[int, float], dict[int, float],
                                                        dict[int, float], dict[int, float]]:
        recipe_costs: dict = {}   # recipe, or (recipe, meal): see menu_problem.dish_cost
        side_costs: dict[int, float] = {}
        line_costs: dict[int, float] = {}
        carry_costs: dict[int, float] = {}
        tagged = {n: problem.rule_dishes(rule) for n, (rule, _, _) in enumerate(problem.tag_rules)}
        for (kind, key), pi in self.rows.items():
            if not pi:
                continue
            if kind in ("recipe", "repeat"):
                recipe_costs[key] = recipe_costs.get(key, 0.0) - pi
            elif kind == "rule":
                for r in tagged[key[0]]:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
            elif kind == "side":
                side_costs[key] = side_costs.get(key, 0.0) - pi
            elif kind == "include":
                recipes, sides = problem.include_groups[key]
                for r in recipes:
                    recipe_costs[r] = recipe_costs.get(r, 0.0) - pi
                for f in sides:
                    side_costs[f] = side_costs.get(f, 0.0) - pi
            elif kind == "line":
                line_costs[key] = -pi
            elif kind == "carry":
                carry_costs[key] = -pi
        return recipe_costs, side_costs, line_costs, carry_costs


def master_duals(problem: MenuProblem, master) -> MenuDuals:
    named: list[tuple[tuple, object]] = [(("days", t), row) for t, row in master.convexity.items()]
    named += [(("recipe", r), row) for r, row in master.recipe_rows.items()]
    named += [(("repeat", r), row) for r, row in master.repeat_rows.items()]
    named += [(("side", f), row) for f, row in master.side_rows.items()]
    named += [(("include", n), row) for n, row in master.include_rows.items()]
    named += [(("rule", key), row) for key, row in master.tag_rows.items()]
    named += [(("line", n), row) for n, row in master.line_rows.items()]
    named += [(("carry", n), row) for n, row in master.carry_rows.items()]
    named += [(("open", n), row) for n, row in master.open_rows.items()]
    if master.budget_row is not None:
        named.append((("budget", 0), master.budget_row))
    return MenuDuals({key: row.pi or 0.0 for key, row in named},
                     {key: -row.constant for key, row in named})
