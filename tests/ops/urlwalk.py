"""Every URL pattern of the project, straight from the resolver."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    converters: dict  # parameter name -> converter class name ("IntConverter", ...)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, namespace: str | None, converters: dict) -> None:
        for pattern in patterns:
            these = {**converters, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, these)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                kinds = {key: type(value).__name__ for key, value in these.items()}
                found.append(Route(name, kinds))

    walk(get_resolver().url_patterns, None, {})
    return found
