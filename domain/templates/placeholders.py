"""Every placeholder a template may use, with its meaning and an example value.

The names are those of the older bot, so its users' templates paste in unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import N_


@dataclass(frozen=True, slots=True)
class Placeholder:
    """``meaning`` is marked for the catalog and translated where it is listed. ``example`` is
    the built-in sample's value (shown as cards show it, in the reader's language: numbers,
    kinds, ages), or a value written here as an upstream gives it (kept as it is)."""

    name: str
    meaning: str
    example: str


MDL = {
    p.name: p
    for p in [
        Placeholder("title", N_("Title"), "Goblin"),
        Placeholder("complete_title", N_("Title with year"), "Goblin (2016)"),
        Placeholder(
            "native_title", N_("Title in its original language"), "쓸쓸하고 찬란하神 - 도깨비"
        ),
        Placeholder("also_known_as", N_("Other titles"), "Guardian: The Lonely and Great God"),
        Placeholder("year", N_("Year"), "2016"),
        Placeholder("link", N_("MyDramaList page"), "https://mydramalist.com/18452-goblin"),
        Placeholder("poster", N_("Poster image link"), "https://i.mydramalist.com/…c.jpg"),
        Placeholder("rating", N_("Rating out of 10"), "8.8"),
        Placeholder("synopsis", N_("Synopsis"), "A goblin who has lived for 939 years…"),
        Placeholder("country", N_("Country"), "South Korea"),
        Placeholder("type", N_("Drama, movie or special"), "Drama"),
        Placeholder("episodes", N_("Number of episodes"), "16"),
        Placeholder("aired", N_("Air dates"), "Dec 2, 2016 - Jan 21, 2017"),
        Placeholder("aired_on", N_("Days it airs"), "Friday, Saturday"),
        Placeholder("original_network", N_("Network"), "tvN"),
        Placeholder("duration", N_("Episode length"), "1 hr. 22 min."),
        Placeholder("content_rating", N_("Age rating"), "15+ - Teens 15 or older"),
        Placeholder("score", N_("Score and voters"), "8.8 (scored by 123,456 users)"),
        Placeholder("ranked", N_("Rank"), "#187"),
        Placeholder("popularity", N_("Popularity rank"), "#31"),
        Placeholder("watchers", N_("Watchers"), "220,000"),
        Placeholder("favorites", N_("Favorites"), "18,500"),
        Placeholder("genres", N_("Genres"), "Comedy, Romance, Fantasy"),
        Placeholder("tags", N_("Tags"), "Immortality, Grim Reaper"),
        Placeholder("cast", N_("Main cast"), "Gong Yoo, Kim Go Eun"),
    ]
}

IMDB = {
    p.name: p
    for p in [
        Placeholder("title", N_("Title"), "The Matrix"),
        Placeholder("localized_title", N_("Title in your language, when it differs"), "Matrix"),
        Placeholder("kind", N_("Movie, TV series, …"), "Movie"),
        Placeholder("year", N_("Year (or years of a series)"), "1999"),
        Placeholder("rating", N_("Rating out of 10"), "8.7"),
        Placeholder("votes", N_("Number of votes"), "2,100,000"),
        Placeholder("runtime", N_("Running time"), "2h 16m"),
        Placeholder("genres", N_("Genres"), "Action, Sci-Fi"),
        Placeholder("cast", N_("Top stars"), "Keanu Reeves, Laurence Fishburne"),
        Placeholder("director", N_("Directors"), "Lana Wachowski, Lilly Wachowski"),
        Placeholder("writer", N_("Writers"), "Lilly Wachowski, Lana Wachowski"),
        Placeholder("producer", N_("Producers"), "Joel Silver"),
        Placeholder("composer", N_("Composers"), "Don Davis"),
        Placeholder("cinematographer", N_("Cinematographers"), "Bill Pope"),
        Placeholder("music_team", N_("Music department"), "Jason Bentley"),
        Placeholder("distributors", N_("Distributors"), "Warner Bros."),
        Placeholder("countries", N_("Countries"), "United States, Australia"),
        Placeholder("certificates", N_("Age certificate"), "R"),
        Placeholder("languages", N_("Languages"), "English"),
        Placeholder("box_office", N_("Worldwide gross"), "$467,222,728"),
        Placeholder("budget", N_("Production budget"), "63,000,000 USD"),
        Placeholder("metacritic", N_("Metacritic score out of 100"), "73"),
        Placeholder("seasons", N_("Number of seasons (series)"), "5"),
        Placeholder("creators", N_("Creators (series)"), "Frank Darabont"),
        Placeholder("series", N_("Series an episode belongs to"), "The Walking Dead"),
        Placeholder("episode_code", N_("Season and episode of an episode"), "S01E03"),
        Placeholder(
            "episode_of", N_("Series with season and episode"), "The Walking Dead · S01E03"
        ),
        Placeholder("release_date", N_("Release date"), "1999-03-31"),
        Placeholder("plot", N_("Plot"), "When a beautiful stranger leads computer hacker Neo…"),
        Placeholder("imdb_url", N_("IMDb page"), "https://www.imdb.com/title/tt0133093/"),
        Placeholder("poster", N_("Poster image link"), "https://m.media-amazon.com/…jpg"),
    ]
}

PERSON = {
    p.name: p
    for p in [
        Placeholder("name", N_("Name"), "Gong Yoo"),
        Placeholder("native_name", N_("Name in its own script"), "공유"),
        Placeholder("also_known_as", N_("Other names"), "Gong Ji Cheol"),
        Placeholder("born", N_("Birth date"), "July 10, 1979"),
        Placeholder("age", N_("Age (or age at death)"), "(age 46)"),
        Placeholder("died", N_("Date of death"), "January 1, 2020"),
        Placeholder("nationality", N_("Nationality (MyDramaList)"), "South Korean"),
        Placeholder("birthplace", N_("Birthplace (IMDb)"), "Busan, South Korea"),
        Placeholder("gender", N_("Gender (MyDramaList)"), "Male"),
        Placeholder("professions", N_("Professions (IMDb)"), "Actor, Producer"),
        Placeholder("known_for", N_("Works by year, with role and rating"), "• 2016 · Goblin — …"),
        Placeholder("works_count", N_("Number of works listed"), "42"),
        Placeholder("bio", N_("Short biography"), "Gong Yoo is a South Korean actor…"),
        Placeholder("photo", N_("Photo link"), "https://i.mydramalist.com/…c.jpg"),
        Placeholder("link", N_("Page on MyDramaList or IMDb"), "https://mydramalist.com/people/…"),
        Placeholder("source", N_("MyDramaList or IMDb"), "MyDramaList"),
    ]
}

BY_SOURCE = {"mdl": MDL, "imdb": IMDB, "person": PERSON}
