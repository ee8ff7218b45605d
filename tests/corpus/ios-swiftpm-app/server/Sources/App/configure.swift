import Vapor

public func configure(_ app: Application) throws {
    app.http.server.configuration.port = 8080
    try routes(app)
}

func routes(_ app: Application) throws {
    app.get("health") { _ in "ok" }
}
