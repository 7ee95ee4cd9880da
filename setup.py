"""What pyproject.toml cannot say: the wheel ships the top-level folders ``static/`` (the
browser's modules and styles) and ``fixtures/seeds/`` (the demo drafts) inside the ``server``
package, as ``server/static`` and ``server/seeds``, so an installed ``negotiation serve``
finds them from any folder (server/assets.py). The repository keeps its layout."""

from setuptools import find_packages, setup

SHIPPED = {"server.static": "static", "server.seeds": "fixtures/seeds"}

setup(packages=[*find_packages(include=["negotiation*", "server*"]), *SHIPPED],
      package_dir=SHIPPED)
