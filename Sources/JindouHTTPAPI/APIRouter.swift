import Hummingbird

/// Builds the management API's router.
public func makeAPIRouter(services: APIServices) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: HTTPMetricsMiddleware(metrics: services.httpMetrics))
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(middleware: AccessMiddleware(policy: services.access, metrics: services.httpMetrics))
    HealthRoutes(services: services).register(on: router)
    DocsRoutes().register(on: router)
    UserRoutes(services: services).register(on: router)
    ChannelRoutes(services: services).register(on: router)
    SystemUserRoutes(services: services).register(on: router)
    MessageRoutes(services: services).register(on: router)
    MessageQueryRoutes(services: services).register(on: router)
    ConversationRoutes(services: services).register(on: router)
    ConnectionRoutes(services: services).register(on: router)
    OperationsRoutes(services: services).register(on: router)
    AuditRoutes(services: services).register(on: router)
    UserLifecycleRoutes(services: services).register(on: router)
    // After every route: it wraps only the not-found responder, and knows every route's methods.
    router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(of: router)))
    return router
}
