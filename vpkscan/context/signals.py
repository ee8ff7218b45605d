"""Tables of project signals, as data: prefixes, folders, markers, dependencies.

Everything the classifier knows about frameworks lives here, so that supporting one
more tool is a table entry (and the configuration can extend the tables).
"""

from __future__ import annotations

from vpkscan.model import Environment

#: Environment-variable prefixes that build tools inline into browser or app bundles,
#: with the tool that does it (SPEC §3, VPK001).
PUBLIC_ENV_PREFIXES: dict[str, str] = {
    "NEXT_PUBLIC_": "Next.js",
    "VITE_": "Vite",
    "REACT_APP_": "Create React App",
    "EXPO_PUBLIC_": "Expo",
    "GATSBY_": "Gatsby",
    "NUXT_PUBLIC_": "Nuxt",
    "NUXT_ENV_": "Nuxt 2",
    "PUBLIC_": "SvelteKit and Astro",
    "VUE_APP_": "Vue CLI",
    "STORYBOOK_": "Storybook",
    "SNOWPACK_PUBLIC_": "Snowpack",
    "NG_APP_": "Angular (@ngx-env)",
    "REDWOOD_ENV_": "RedwoodJS",
    "SANITY_STUDIO_": "Sanity Studio",
    "PARCEL_PUBLIC_": "Parcel",
}
#: Tools of those that inline into a mobile app rather than a browser bundle.
MOBILE_PUBLIC_TOOLS = frozenset({"Expo"})

#: Exact file names of dotenv-style files (VPK004); ``.env.*`` and ``*.env`` also count.
ENV_FILE_NAMES = frozenset({".env", ".envrc", ".flaskenv"})
ENV_FILE_PREFIX = ".env."
ENV_FILE_SUFFIX = ".env"

# --- client side (VPK003) -------------------------------------------------------------

#: Folders of built output; a path segment sequence (matched anywhere in the path).
BUILD_OUTPUT_DIRS: tuple[tuple[str, ...], ...] = (
    ("dist",),
    ("build",),
    ("out",),
    (".next", "static"),
    (".nuxt",),
    (".output", "public"),
    (".svelte-kit", "output", "client"),
    ("public",),
    ("static",),
    ("www",),
    ("_next", "static"),
)
#: Built-output folders whose files run on a server even though they sit under a build dir.
SERVER_BUILD_DIRS: tuple[tuple[str, ...], ...] = (
    (".next", "server"),
    (".output", "server"),
    (".svelte-kit", "output", "server"),
    (".nuxt", "dist", "server"),
)
#: Built-output folders that only ever hold browser assets: what is in them is client-side
#: even where its path mimics server source (``.next/static/chunks/app/api/…``).
CLIENT_BUILD_DIRS: tuple[tuple[str, ...], ...] = (
    (".next", "static"),
    ("_next", "static"),
    (".output", "public"),
    (".svelte-kit", "output", "client"),
)
#: Extensions of files a browser loads.
WEB_ASSET_EXTENSIONS = frozenset(
    {
        ".js",
        ".mjs",
        ".cjs",
        ".css",
        ".html",
        ".htm",
        ".map",
        ".json",
        ".txt",
        ".svg",
        ".xml",
        ".webmanifest",
        ".wasm",
    }
)
#: Folders served as they are (any file in them reaches the browser).
STATIC_DIRS = frozenset({"public", "static", "www"})
#: Extensions of component files that only exist to run in the browser.
CLIENT_COMPONENT_EXTENSIONS = frozenset({".jsx", ".tsx", ".vue", ".svelte", ".astro"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
SCRIPT_EXTENSIONS = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"})
#: package.json dependencies that make a package a browser application.
BROWSER_DEPENDENCIES = frozenset(
    {
        "react",
        "react-dom",
        "vue",
        "svelte",
        "@sveltejs/kit",
        "@angular/core",
        "solid-js",
        "preact",
        "lit",
        "jquery",
        "next",
        "nuxt",
        "gatsby",
        "@remix-run/react",
        "astro",
        "@builder.io/qwik",
        "ember-source",
        "alpinejs",
        "htmx.org",
        "@vue/cli-service",
        "react-scripts",
        "vite",
    }
)
#: package.json dependencies of server frameworks.
SERVER_DEPENDENCIES = frozenset(
    {
        "express",
        "fastify",
        "koa",
        "@hapi/hapi",
        "hapi",
        "@nestjs/core",
        "restify",
        "@adonisjs/core",
        "hono",
        "@apollo/server",
        "apollo-server",
        "firebase-functions",
        "@aws-sdk/client-lambda",
        "serverless",
    }
)
#: Path segments that mean server code inside a web package.
SERVER_DIRS = frozenset(
    {
        "server",
        "api",
        "functions",
        "netlify",
        "lambda",
        "lambdas",
        "backend",
        "scripts",
        "bin",
        "migrations",
        "cli",
        "worker",
        "workers",
        "edge-functions",
        "middleware",
    }
)
#: Folders of serverless functions: server code at the top of a package.
FUNCTION_DIRS = frozenset({"api", "functions", "netlify", "lambda", "lambdas", "edge-functions"})
#: Name suffixes (before the extension) of server-only modules.
SERVER_NAME_MARKERS = (
    "+api.",
    ".server.",
    "+server.",
    "+page.server.",
    "+layout.server.",
    "hooks.server.",
)
#: Config files of build tools: they run in Node, not in the browser (unless they inline
#: values, which the variable rules catch).
NODE_CONFIG_STEMS = frozenset(
    {
        "next.config",
        "vite.config",
        "nuxt.config",
        "svelte.config",
        "astro.config",
        "webpack.config",
        "rollup.config",
        "babel.config",
        "jest.config",
        "vitest.config",
        "tailwind.config",
        "postcss.config",
        "eslint.config",
        ".eslintrc",
        "playwright.config",
        "cypress.config",
        "gatsby-config",
        "gatsby-node",
        "vue.config",
        "angular",
        "metro.config",
        "tsup.config",
        "esbuild.config",
        "remix.config",
        "karma.conf",
        "setupProxy",
    }
)
#: Imports that make a JavaScript file a server entry point.
SERVER_IMPORT_MARKERS = (
    b"require('express')",
    b'require("express")',
    b"from 'express'",
    b'from "express"',
    b"from 'fastify'",
    b'from "fastify"',
    b"require('fastify')",
    b'require("fastify")',
    b"@nestjs/",
    b"from 'koa'",
    b'from "koa"',
    b"require('koa')",
    b'require("koa")',
    b"from 'server-only'",
    b'from "server-only"',
    b"import 'server-only'",
    b'import "server-only"',
    b"from 'hono'",
    b'from "hono"',
    b"node:http",
    b"node:fs",
    b"require('http')",
    b'require("http")',
    b"firebase-functions",
    b"from 'next/headers'",
    b'from "next/headers"',
    b"from 'next/server'",
    b'from "next/server"',
)

# --- mobile (VPK002) ------------------------------------------------------------------

PACKAGED_APP_EXTENSIONS = frozenset({".apk", ".aab", ".ipa", ".xapk", ".apks"})
MOBILE_DEPENDENCIES = frozenset(
    {
        "react-native",
        "expo",
        "@capacitor/core",
        "@capacitor/cli",
        "cordova",
        "@ionic/angular",
        "@ionic/react",
        "@ionic/vue",
        "nativescript",
        "@nativescript/core",
    }
)
CAPACITOR_CORDOVA_CONFIGS = frozenset(
    {
        "capacitor.config.ts",
        "capacitor.config.js",
        "capacitor.config.json",
        "config.xml",
        "ionic.config.json",
    }
)
#: Expo's app config: its values (``extra``, plugin settings) are embedded in the app.
#: ``eas.json`` is not: its build profiles set variables of the build machine.
EXPO_CONFIG_NAMES = frozenset({"app.json", "app.config.js", "app.config.ts"})

# --- environments (VPK007, VPK008) ----------------------------------------------------

ENVIRONMENT_WORDS: dict[str, Environment] = {
    "dev": Environment.DEVELOPMENT,
    "develop": Environment.DEVELOPMENT,
    "development": Environment.DEVELOPMENT,
    "local": Environment.DEVELOPMENT,
    "override": Environment.DEVELOPMENT,
    "prod": Environment.PRODUCTION,
    "production": Environment.PRODUCTION,
    "prd": Environment.PRODUCTION,
    "staging": Environment.STAGING,
    "stage": Environment.STAGING,
    "stg": Environment.STAGING,
    "preprod": Environment.STAGING,
    "uat": Environment.STAGING,
    "qa": Environment.STAGING,
    "preview": Environment.STAGING,
    "test": Environment.TEST,
    "testing": Environment.TEST,
    # Build types and configurations: Android's and Xcode's defaults.
    "debug": Environment.DEVELOPMENT,
    "release": Environment.PRODUCTION,
}
#: Folders whose content is test code or test data, whatever the file is called.
TEST_DIRS = frozenset(
    {
        "test",
        "tests",
        "__tests__",
        "spec",
        "specs",
        "fixtures",
        "fixture",
        "__fixtures__",
        "testdata",
        "test-data",
        "__mocks__",
        "mocks",
        "e2e",
        "cypress",
        "cassettes",
        # Android test source sets and Flutter's test folders.
        "androidtest",
        "androidunittest",
        "androidinstrumentedtest",
        "testfixtures",
        "sharedtest",
        "commontest",
        "integration_test",
        "test_driver",
        # Android modules that measure a built app.
        "macrobenchmark",
        "microbenchmark",
        "baselineprofile",
        # UI test flows run against a built app.
        ".maestro",
        "maestro",
        "detox",
    }
)
#: Paths of CI configuration.
CI_FILES = frozenset(
    {
        ".gitlab-ci.yml",
        ".travis.yml",
        "Jenkinsfile",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "cloudbuild.yaml",
        "cloudbuild.yml",
        ".drone.yml",
        "appveyor.yml",
        "codemagic.yaml",
        "buildspec.yml",
        "bitrise.yml",
        "bitrise.yaml",
        "codemagic.yml",
        ".cirrus.yml",
    }
)
CI_DIRS = frozenset(
    {
        ".github",
        ".circleci",
        ".buildkite",
        ".gitlab",
        ".woodpecker",
        ".ci",
        "ci",
        "kokoro",
        "ci_scripts",
    }
)
#: Environments where a live key does not belong (VPK008).
NON_PRODUCTION = frozenset(set(Environment) - {Environment.PRODUCTION})
