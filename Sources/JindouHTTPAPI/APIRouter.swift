import Hummingbird

/// Builds the management API's router.
/// - Parameter routeTable: receives every route with the access it declares.
package func makeAPIRouter(services: APIServices, routeTable: RouteTable = RouteTable()) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: HTTPMetricsMiddleware(metrics: services.httpMetrics))
    router.add(middleware: ErrorEnvelopeMiddleware(routes: routeTable))
    router.add(
        middleware: AccessMiddleware(
            policy: services.access, routes: routeTable, metrics: services.httpMetrics,
            users: UserAccess(users: services.storage, channels: services.channels.registry)))
    if services.cluster != nil {
        router.add(middleware: PropagationMiddleware())
    }
    let routes = RouteRegistrar(router: router, table: routeTable)
    HealthRoutes(services: services).register(on: routes)
    DocsRoutes().register(on: routes)
    WebRoutes().register(on: routes)
    UserRoutes(services: services).register(on: routes)
    ChannelRoutes(services: services).register(on: routes)
    SystemUserRoutes(services: services).register(on: routes)
    MessageRoutes(services: services).register(on: routes)
    MessageQueryRoutes(services: services).register(on: routes)
    ConversationRoutes(services: services).register(on: routes)
    ConnectionRoutes(services: services).register(on: routes)
    OperationsRoutes(services: services).register(on: routes)
    ClusterRoutes(services: services).register(on: routes)
    AuditRoutes(services: services).register(on: routes)
    UserLifecycleRoutes(services: services).register(on: routes)
    WebhookRoutes(services: services).register(on: routes)
    CallerRoutes(services: services).register(on: routes)
    UserDetailRoutes(services: services).register(on: routes)
    // After every route: it wraps only the not-found responder, and knows every route's methods.
    router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(of: router), declarations: routeTable))
    return router
}
