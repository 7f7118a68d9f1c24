"""The world map in documents that show it as an image (the edition's PDF)."""

from django import template

from ..world_map import map_context, world_map_svg

register = template.Library()


@register.simple_tag
def world_map_figure(index):
    """What the PDF's figure shows, from its index by country (dicts with the
    country's `code` and the entries `concerning` it): the SVG, its text
    alternative and the legend."""
    counts = {country["code"]: len(country["concerning"]) for country in index}
    svg, alternative = world_map_svg(counts)
    return {
        "svg": svg,
        "alt": alternative,
        "legend": map_context(counts, link=False)["legend"],
    }
