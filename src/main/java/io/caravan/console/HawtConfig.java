package io.caravan.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves Caravan's {@code hawtconfig.json}, Hawtio's front-end configuration, in place of the one inside the
 * Hawtio war: the console is branded Caravan and its Connect page is disabled ({@code disabledRoutes}), so the
 * first page after a login is the Camel routes, the next plugin in Hawtio's order. An exact servlet mapping
 * wins over the war's default servlet; the war's filters (login, headers) still apply.
 */
final class HawtConfig extends HttpServlet {

    static final String PATH = "/hawtconfig.json";
    static final String RESOURCE = "/console/hawtconfig.json";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = HawtConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            in.transferTo(response.getOutputStream());
        }
    }
}
