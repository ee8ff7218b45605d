"""VPK003: a key in code that runs in the browser, and the server code that does not."""

from __future__ import annotations

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.kotlin import web_source_set
from vpkscan.context.paths import basename, extension, find_sequence, segments, stem
from vpkscan.context.project import Package, Project, join
from vpkscan.context.signals import (
    BROWSER_DEPENDENCIES,
    BUILD_OUTPUT_DIRS,
    CLIENT_BUILD_DIRS,
    CLIENT_COMPONENT_EXTENSIONS,
    FUNCTION_DIRS,
    HTML_EXTENSIONS,
    NODE_CONFIG_STEMS,
    SCRIPT_EXTENSIONS,
    SERVER_BUILD_DIRS,
    SERVER_DEPENDENCIES,
    SERVER_DIRS,
    SERVER_IMPORT_MARKERS,
    SERVER_NAME_MARKERS,
    STATIC_DIRS,
    WEB_ASSET_EXTENSIONS,
)
from vpkscan.lazy_regex import DOTALL, LazyPattern

#: ``index-3f2a9c1b.js``, ``main.8f3a2b1c.chunk.js``, ``app-BxT3kq9Z.mjs``
_HASHED_CHUNK = LazyPattern(r"^[\w.-]+[.-](?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{8,}(?:\.chunk)?\.m?js$")
_BUNDLE_NAMES = (".min.js", ".bundle.js", ".chunk.js", ".min.mjs")
_USE_CLIENT = LazyPattern(rb"""^(?:\s|//[^\n]*\n|/\*.*?\*/)*["']use client["']""", DOTALL)
_USE_SERVER = LazyPattern(rb"""^(?:\s|//[^\n]*\n|/\*.*?\*/)*["']use server["']""", DOTALL)
#: Folders of a web package whose modules are imported by browser code.
_CLIENT_DIRS = frozenset({"client", "frontend", "components", "pages", "views"})
#: Next.js files at the package root (or ``src/``) that run on the server or the edge.
_NEXT_SERVER_FILES = LazyPattern(r"^(?:src/)?(?:middleware|instrumentation)\.[cm]?[jt]s$")
#: Folders of HTML templates rendered into e-mail messages, never served as pages.
_EMAIL_DIRS = frozenset({"email", "emails", "mail", "mails", "mailers", "email_templates"})
#: Remix's server runtimes: the classic compiler writes the server build to ``build/``.
_REMIX_SERVERS = frozenset({"@remix-run/serve", "@remix-run/node", "@remix-run/express"})
#: Compiler output folders: browser bundles in a web package, Node code in a server one.
_COMPILED_DIRS = frozenset({"dist", "build", "out"})


#: ``webpack.config.renderer.prod.ts``: a build tool's configuration for one variant.
_VARIANT_CONFIG = LazyPattern(
    r"^(?:webpack|vite|rollup|babel|metro|esbuild|tsup|rspack|jest|vitest|playwright|cypress)"
    r"\.config\.[\w.-]+\.[cm]?[jt]s$"
)
#: ``lint-staged.config.js``, ``.prettierrc.cjs``, ``commitlint.config.ts``: files that
#: configure a developer tool, read by Node.js at the root of a package.
_TOOL_CONFIG = LazyPattern(r"^(?:[\w.-]+\.config|\.[\w-]+rc)\.[cm]?[jt]s$")


def _at_package_root(path: str, project: Project) -> bool:
    package = project.package(path)
    root = package.root if package is not None else ""
    return "/" not in (path[len(root) + 1 :] if root else path)


def _server_build(path: str) -> str | None:
    parts = segments(path)
    for sequence in SERVER_BUILD_DIRS:
        if find_sequence(parts, sequence) != -1:
            return f"`{'/'.join(sequence)}/` is server build output"
    return None


def server_reason(path: str, project: Project) -> str | None:
    """Why ``path`` runs on a server even inside a web project, or None."""
    built = _server_build(path)
    if built is not None:
        return built
    parts = segments(path)
    name = basename(path)
    if any(marker in name for marker in SERVER_NAME_MARKERS) or name.startswith("+server."):
        return f"`{name}` is a server-only module"
    if (
        stem(path).split(".")[0] in NODE_CONFIG_STEMS
        or stem(path) in NODE_CONFIG_STEMS
        or _VARIANT_CONFIG().match(name)
    ):
        return f"`{name}` is build configuration, run by Node.js"
    if _TOOL_CONFIG().match(name) and _at_package_root(path, project):
        return f"`{name}` configures a developer tool, run by Node.js"
    pages = find_sequence(parts, ("pages", "api"))
    if pages != -1:
        return "`pages/api/` routes run on the server"
    if "app" in parts and stem(path) == "route":
        return "`app/**/route` handlers run on the server"
    package = project.package(path)
    if (
        package is not None
        and "next" in package.dependencies
        and "app" in parts
        and not _USE_CLIENT().match(project.head(path))
    ):
        return 'in the Next.js app router, modules without "use client" run on the server'
    if package is not None:
        inner = path[len(package.root) + 1 :] if package.root else path
        if "next" in package.dependencies and _NEXT_SERVER_FILES().match(inner):
            return f"Next.js runs `{name}` on the server"
        if package.dependencies & _REMIX_SERVERS and inner.split("/")[0] == "build":
            return "Remix writes its server build to `build/` (browser assets go to `public/`)"
        deps = package.dependencies
        folders = set(inner.split("/")[:-1])
        if (
            deps & SERVER_DEPENDENCIES
            and not deps & BROWSER_DEPENDENCIES
            and folders & _COMPILED_DIRS
            and not folders & STATIC_DIRS
        ):
            return f"`{package.manifest}` is a server package: its build output runs in Node.js"
    server_dirs = [p for p in parts if p in SERVER_DIRS]
    if server_dirs and not _browser_api_client(path, server_dirs[0], package):
        return f"`{server_dirs[0]}/` holds server code"
    head = project.head(path)
    if _USE_SERVER().match(head):
        return f'`{name}` starts with "use server"'
    if any(marker in head for marker in SERVER_IMPORT_MARKERS):
        return f"`{name}` imports a server framework"
    return None


def _browser_api_client(path: str, folder: str, package: Package | None) -> bool:
    """``src/api/`` of a browser-only package is its API client, not a server.

    Serverless folders (``api/``, ``functions/``) hold server code at the top of a
    package; deeper inside a package that only depends on browser frameworks they hold
    code that calls an API from the browser.
    """
    if folder not in FUNCTION_DIRS or package is None:
        return False
    deps = package.dependencies
    if not deps & BROWSER_DEPENDENCIES or deps & SERVER_DEPENDENCIES:
        return False
    inner = path[len(package.root) + 1 :] if package.root else path
    return inner.split("/")[0] != folder


def _built_output(path: str) -> str | None:
    name = basename(path)
    ext = extension(path)
    if ext == ".map":
        return f"`{name}` is a source map, served next to the bundle"
    if name.endswith(_BUNDLE_NAMES) or _HASHED_CHUNK().match(name):
        return f"`{name}` is a built bundle chunk"
    parts = segments(path)
    if ext in WEB_ASSET_EXTENSIONS:
        for sequence in BUILD_OUTPUT_DIRS:
            if find_sequence(parts, sequence) != -1:
                folder = "/".join(sequence)
                if sequence[0] in STATIC_DIRS:
                    return f"`{folder}/` is served to browsers as it is"
                return f"`{folder}/` is built output served to browsers"
    return None


def _browser_package(path: str, project: Project) -> Evidence | None:
    package = project.package(path)
    if package is None:
        return None
    browser = sorted(package.dependencies & BROWSER_DEPENDENCIES)
    if not browser:
        return None
    depends = f"`{package.manifest}` depends on {browser[0]}"
    inner = path[len(package.root) + 1 :].split("/") if package.root else path.split("/")
    if "next" in package.dependencies and inner[0] in {"app", "src"} and "app" in inner[:2]:
        return None  # Next.js app router: server components unless "use client"
    if package.dependencies & SERVER_DEPENDENCIES and not _CLIENT_DIRS & set(inner[:-1]):
        return None  # a server package that also renders pages
    if len(inner) == 1 and project.any_path_under(join(package.root, "src"), lambda _: True):
        return None  # a script beside `src/` is run by Node.js, not bundled
    return (depends, f"`{path}` runs in the browser")


def classify_client(path: str, project: Project) -> Evidence | None:
    """Evidence that the key is delivered to browsers, or None (server code included)."""
    ext = extension(path)
    kotlin_web = web_source_set(path)
    if kotlin_web is not None:
        return (f"the Kotlin source set `{kotlin_web}` is compiled to run in the browser",)
    if ext not in SCRIPT_EXTENSIONS and ext not in CLIENT_COMPONENT_EXTENSIONS:
        if _server_build(path) is not None:
            return None
        built = _built_output(path)
        if built is not None:
            return (built,)
        if ext in HTML_EXTENSIONS and not _EMAIL_DIRS & set(segments(path)):
            return (f"`{basename(path)}` is HTML delivered to browsers",)
        return None
    built = _built_output(path)
    parts = segments(path)
    # Browser-only output folders win over source conventions their paths mimic
    # (``.next/static/chunks/app/…`` is not an app router server component).
    if built is not None and any(find_sequence(parts, d) != -1 for d in CLIENT_BUILD_DIRS):
        return (built,)
    if server_reason(path, project) is not None:
        return None
    if built is not None:
        return (built,)
    if _USE_CLIENT().match(project.head(path)):
        return (f'`{basename(path)}` is a "use client" module',)
    if ext in CLIENT_COMPONENT_EXTENSIONS:
        package = project.package(path)
        in_next_app = (
            package is not None and "next" in package.dependencies and "app" in segments(path)
        )
        if not in_next_app:
            return (f"`{ext}` components render in the browser",)
    return _browser_package(path, project)
