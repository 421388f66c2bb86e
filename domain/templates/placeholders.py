"""Every placeholder a template may use, with its meaning and an example value.

The names are those of the older bot, so its users' templates paste in unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    meaning: str
    example: str


MDL = {
    p.name: p
    for p in [
        Placeholder("title", "Title", "Goblin"),
        Placeholder("complete_title", "Title with year", "Goblin (2016)"),
        Placeholder("native_title", "Title in its original language", "쓸쓸하고 찬란하神 - 도깨비"),
        Placeholder("also_known_as", "Other titles", "Guardian: The Lonely and Great God"),
        Placeholder("year", "Year", "2016"),
        Placeholder("link", "MyDramaList page", "https://mydramalist.com/18452-goblin"),
        Placeholder("poster", "Poster image link", "https://i.mydramalist.com/…c.jpg"),
        Placeholder("rating", "Rating out of 10", "8.8"),
        Placeholder("synopsis", "Synopsis", "A goblin who has lived for 939 years…"),
        Placeholder("country", "Country", "South Korea"),
        Placeholder("type", "Drama, movie or special", "Drama"),
        Placeholder("episodes", "Number of episodes", "16"),
        Placeholder("aired", "Air dates", "Dec 2, 2016 - Jan 21, 2017"),
        Placeholder("aired_on", "Days it airs", "Friday, Saturday"),
        Placeholder("original_network", "Network", "tvN"),
        Placeholder("duration", "Episode length", "1 hr. 22 min."),
        Placeholder("content_rating", "Age rating", "15+ - Teens 15 or older"),
        Placeholder("score", "Score and voters", "8.8 (scored by 123,456 users)"),
        Placeholder("ranked", "Rank", "#187"),
        Placeholder("popularity", "Popularity rank", "#31"),
        Placeholder("watchers", "Watchers", "220,000"),
        Placeholder("favorites", "Favorites", "18,500"),
        Placeholder("genres", "Genres", "Comedy, Romance, Fantasy"),
        Placeholder("tags", "Tags", "Immortality, Grim Reaper"),
        Placeholder("cast", "Main cast", "Gong Yoo, Kim Go Eun"),
    ]
}

IMDB = {
    p.name: p
    for p in [
        Placeholder("title", "Title", "The Matrix"),
        Placeholder("localized_title", "Title in your language, when it differs", "Matrix"),
        Placeholder("kind", "Movie, TV series, …", "Movie"),
        Placeholder("year", "Year (or years of a series)", "1999"),
        Placeholder("rating", "Rating out of 10", "8.7"),
        Placeholder("votes", "Number of votes", "2,100,000"),
        Placeholder("runtime", "Running time", "2h 16m"),
        Placeholder("genres", "Genres", "Action, Sci-Fi"),
        Placeholder("cast", "Top stars", "Keanu Reeves, Laurence Fishburne"),
        Placeholder("director", "Directors", "Lana Wachowski, Lilly Wachowski"),
        Placeholder("writer", "Writers", "Lilly Wachowski, Lana Wachowski"),
        Placeholder("producer", "Producers", "Joel Silver"),
        Placeholder("composer", "Composers", "Don Davis"),
        Placeholder("cinematographer", "Cinematographers", "Bill Pope"),
        Placeholder("music_team", "Music department", "Jason Bentley"),
        Placeholder("distributors", "Distributors", "Warner Bros."),
        Placeholder("countries", "Countries", "United States, Australia"),
        Placeholder("certificates", "Age certificate", "R"),
        Placeholder("languages", "Languages", "English"),
        Placeholder("box_office", "Worldwide gross", "$467,222,728"),
        Placeholder("budget", "Production budget", "63,000,000 USD"),
        Placeholder("metacritic", "Metacritic score out of 100", "73"),
        Placeholder("seasons", "Number of seasons (series)", "5"),
        Placeholder("creators", "Creators (series)", "Frank Darabont"),
        Placeholder("series", "Series an episode belongs to", "The Walking Dead"),
        Placeholder("episode_code", "Season and episode of an episode", "S01E03"),
        Placeholder("episode_of", "Series with season and episode", "The Walking Dead · S01E03"),
        Placeholder("release_date", "Release date", "1999-03-31"),
        Placeholder("plot", "Plot", "When a beautiful stranger leads computer hacker Neo…"),
        Placeholder("imdb_url", "IMDb page", "https://www.imdb.com/title/tt0133093/"),
        Placeholder("poster", "Poster image link", "https://m.media-amazon.com/…jpg"),
    ]
}

PERSON = {
    p.name: p
    for p in [
        Placeholder("name", "Name", "Gong Yoo"),
        Placeholder("native_name", "Name in its own script", "공유"),
        Placeholder("also_known_as", "Other names", "Gong Ji Cheol"),
        Placeholder("born", "Birth date", "July 10, 1979"),
        Placeholder("age", "Age (or age at death)", "(age 47)"),
        Placeholder("died", "Date of death", "January 1, 2020"),
        Placeholder("nationality", "Nationality (MyDramaList)", "South Korean"),
        Placeholder("birthplace", "Birthplace (IMDb)", "Busan, South Korea"),
        Placeholder("gender", "Gender (MyDramaList)", "Male"),
        Placeholder("professions", "Professions (IMDb)", "Actor, Producer"),
        Placeholder("known_for", "Works by year, with role and rating", "• 2016 · Goblin — …"),
        Placeholder("works_count", "Number of works listed", "42"),
        Placeholder("bio", "Short biography", "Gong Yoo is a South Korean actor…"),
        Placeholder("photo", "Photo link", "https://i.mydramalist.com/…c.jpg"),
        Placeholder("link", "Page on MyDramaList or IMDb", "https://mydramalist.com/people/…"),
        Placeholder("source", "MyDramaList or IMDb", "MyDramaList"),
    ]
}

BY_SOURCE = {"mdl": MDL, "imdb": IMDB, "person": PERSON}
