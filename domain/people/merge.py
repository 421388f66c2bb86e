"""One list of people from both sources: a person found on both is one row.

Names alone are not enough (two actors share a name often): a pair is merged
only when both pages give the same birth year.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.people.models import PersonHit


@dataclass(frozen=True, slots=True)
class PeopleRow:
    mdl: PersonHit | None = None
    imdb: PersonHit | None = None

    @property
    def name(self) -> str:
        hit = self.mdl or self.imdb
        return hit.name if hit else ""

    @property
    def thumb(self) -> str:
        return (self.mdl.thumb if self.mdl else "") or (self.imdb.thumb if self.imdb else "")


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def merge_people(
    mdl: list[PersonHit], imdb: list[PersonHit], birth_years: dict[str, int | None]
) -> list[PeopleRow]:
    """MyDramaList's people in order, each joined by its IMDb twin; then IMDb's others."""
    rows: list[PeopleRow] = []
    taken: set[str] = set()
    for hit in mdl:
        year = birth_years.get(hit.ref)
        twin = next(
            (
                other
                for other in imdb
                if other.ref not in taken
                and _name_key(other.name) == _name_key(hit.name)
                and year is not None
                and birth_years.get(other.ref) == year
            ),
            None,
        )
        if twin is not None:
            taken.add(twin.ref)
        rows.append(PeopleRow(mdl=hit, imdb=twin))
    rows += [PeopleRow(imdb=hit) for hit in imdb if hit.ref not in taken]
    return rows
