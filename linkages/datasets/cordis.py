"""The bundled CORDIS Horizon 2020 extract: organisations, participations, projects.

The files in ``linkages/datasets/cordis_h2020/`` are the eunets extract as found (see its
``SOURCE.txt`` and ``LICENSE``); :func:`load_cordis` reads them into three tables.
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd

from linkages.vocabulary import CORDIS_TYPES

__all__ = ["Cordis", "load_cordis", "CORDIS_FOLDER", "most_frequent"]

#: The package folder holding the files (``SOURCE.txt``, ``LICENSE``, the two tables).
CORDIS_FOLDER = "cordis_h2020"

# Text columns are read as they are written ("NA" is also Namibia's country code); only the
# numeric columns and the dates read "NA" as missing.
_NUMERIC = ("contribution", "max_contribution", "total_cost", "start_year", "end_year",
            "duration", "nunique")
_DATES = ("start_date", "end_date")
_COLUMNS = ("rcn", "role", "pic", "type", "contribution", "country", "start_date", "end_date",
            "max_contribution", "total_cost", "start_year", "end_year", "duration", "group",
            "nunique")


class Cordis(NamedTuple):
    """The three tables of :func:`load_cordis`."""

    organisations: pd.DataFrame
    participations: pd.DataFrame
    projects: pd.DataFrame


def load_cordis() -> Cordis:
    """The CORDIS Horizon 2020 participations bundled with linkages, as three tables.

    144,726 participations of 35,871 organisations in 31,451 projects (2014-2020
    calls), from the eunets extract of CORDIS open data (MIT; CORDIS data under the EU's
    reuse terms; see ``SOURCE.txt`` and ``LICENSE`` in the package folder
    ``linkages/datasets/cordis_h2020/``). The extract has no organisation names: an
    organisation is its PIC (Participant Identification Code).

    Rules, applied to the file as found:

    - ids are text, byte for byte: the PIC (``organisation``) and the project's RCN
      (``project``);
    - an organisation's ``type`` is its CORDIS activity type mapped to the project's
      vocabulary by :data:`linkages.vocabulary.CORDIS_TYPES` (HES university, REC research
      institute, PRC firm: a firm of unknown size, PUB public body, OTH other), the raw
      code kept in ``cordis_type``; its ``region`` is its country code (EL Greece, UK
      United Kingdom);
    - an organisation appears in one row per participation: when its rows disagree on the
      type or the country, it takes its most frequent value (ties: the smallest code).
      The number of organisations whose rows disagreed is in
      ``organisations.attrs["disagreements"]`` (none do in this extract);
    - ``"NA"`` in the country column is kept as the text ``"NA"`` (8 organisations, all
      third countries): it is Namibia's code, and also how R writes a missing value; the
      file cannot tell which. In the numeric columns ``"NA"`` is missing;
    - a project may belong to several programme parts (37,441 rows for 31,347 projects;
      104 projects have none): ``programme_parts`` lists them all (sorted, ``";"``
      between), ``programme_part`` is the most specific one, the part with the fewest
      projects in the whole extract (so "SC3" before "LEIT" before "Innovation in SMEs";
      ties by name).

    Returns
    -------
    Cordis
        A named tuple of three DataFrames:

        - ``organisations``, indexed by ``id`` (the PIC): ``type``, ``cordis_type``,
          ``region`` (country code), ``country_group`` (eu15, eu13, ac associated, tc
          third country: the extract's grouping), ``participations``, ``projects``,
          ``coordinations``;
        - ``participations``, one row per organisation x project: ``organisation``,
          ``project``, ``role`` (coordinator, participant, partner), ``contribution`` (EC
          contribution, EUR), ``start_date``, ``end_date`` (the project's);
        - ``projects``, indexed by ``project`` (the RCN): ``programme_part``,
          ``programme_parts``, ``start_date``, ``end_date``, ``start_year``, ``end_year``,
          ``duration`` (months), ``max_contribution``, ``total_cost``, ``participants``,
          ``countries``.

    Examples
    --------
    >>> import linkages as lk
    >>> orgs, participations, projects = lk.load_cordis()
    >>> len(participations), len(projects), len(orgs)
    (144726, 31451, 35871)
    >>> orgs["type"].value_counts().index.tolist()[:2]
    ['firm', 'other']
    >>> orgs.attrs["disagreements"]
    {'type': 0, 'region': 0}
    >>> project = projects.loc["221856"]
    >>> project["programme_part"], int(project["participants"]), int(project["countries"])
    ('SC4', 12, 4)
    """
    folder = resources.files(__name__.rsplit(".", 1)[0]).joinpath(CORDIS_FOLDER)
    with resources.as_file(folder.joinpath("h2020.csv.gz")) as path:
        rows = pd.read_csv(path, keep_default_na=False,
                           dtype={column: float if column in _NUMERIC else str
                                  for column in _COLUMNS},
                           na_values={column: ["NA", ""] for column in _NUMERIC + _DATES})
    with resources.as_file(folder.joinpath("programme_parts.csv.gz")) as path:
        parts = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in _DATES:
        rows[column] = pd.to_datetime(rows[column], format="%Y-%m-%d")
    return Cordis(_organisations(rows), _participations(rows), _projects(rows, parts))


def most_frequent(rows: pd.DataFrame, key: str, column: str) -> tuple[pd.Series, int]:
    """Each key's most frequent non-missing value of ``column`` (ties: the smallest value),
    and the number of keys whose rows hold more than one distinct value.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"pic": ["1", "1", "1", "2"], "country": ["PT", "ES", "ES", "EL"]})
    >>> value, disagreeing = most_frequent(rows, "pic", "country")
    >>> value.to_dict(), disagreeing
    ({'1': 'ES', '2': 'EL'}, 1)
    """
    counts = rows.groupby([key, column], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values([key, "n", column], ascending=[True, False, True])
    value = counts.drop_duplicates(key).set_index(key)[column]
    disagreeing = int((counts.groupby(key).size() > 1).sum())
    return value, disagreeing


def _organisations(rows: pd.DataFrame) -> pd.DataFrame:
    cordis_type, type_disagree = most_frequent(rows, "pic", "type")
    region, region_disagree = most_frequent(rows, "pic", "country")
    group, _ = most_frequent(rows, "pic", "group")
    per_pic = rows.groupby("pic", sort=True)
    orgs = pd.DataFrame({
        "type": cordis_type.map(CORDIS_TYPES).fillna(cordis_type),
        "cordis_type": cordis_type,
        "region": region,
        "country_group": group,
        "participations": per_pic.size(),
        "projects": per_pic["rcn"].nunique(),
        "coordinations": rows["role"].eq("coordinator").groupby(rows["pic"]).sum(),
    }).rename_axis("id")
    orgs.attrs["disagreements"] = {"type": type_disagree, "region": region_disagree}
    return orgs


def _participations(rows: pd.DataFrame) -> pd.DataFrame:
    table = rows[["pic", "rcn", "role", "contribution", "start_date", "end_date"]]
    return table.rename(columns={"pic": "organisation", "rcn": "project"})


def _projects(rows: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    first = rows.drop_duplicates("rcn").set_index("rcn")
    projects = first[["start_date", "end_date", "start_year", "end_year", "duration",
                      "max_contribution", "total_cost"]].copy()
    for column in ("start_year", "end_year", "duration"):
        projects[column] = projects[column].astype("Int64")
    per_project = rows.groupby("rcn", sort=False)
    projects["participants"] = per_project["pic"].nunique()
    projects["countries"] = first["nunique"].astype(np.int64)
    parts = parts.drop_duplicates()
    n_projects = parts["programme_part"].value_counts()
    ranked = parts.assign(n=parts["programme_part"].map(n_projects)).sort_values(
        ["rcn", "n", "programme_part"])
    listed: dict[str, list[str]] = {}
    for rcn, part in zip(parts["rcn"], parts["programme_part"]):
        listed.setdefault(rcn, []).append(part)
    projects.insert(0, "programme_parts", pd.Series(
        {rcn: ";".join(sorted(names)) for rcn, names in listed.items()}, dtype="str"))
    projects.insert(0, "programme_part", ranked.drop_duplicates("rcn").set_index("rcn")[
        "programme_part"])
    return projects.rename_axis("project")
