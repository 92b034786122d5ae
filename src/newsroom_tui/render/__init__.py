"""Feed HTML into sanitised HTML, plain text and Rich renderables (no Textual).

Import from the submodules: `render.html` is light and used on every fetch;
`render.article` pulls in Rich and is only needed to show an article.
"""
