package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import dev.filesys.support.WebSupport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admits a registration ({@code POST /api/v1/users}) with a token of the instance's allowance and a reserved
 * password-hashing thread, or answers one that cannot succeed now ({@link AccountService#admitRegistration}: the
 * allowance is spent, or every hashing thread is busy), as a servlet filter, before the body is read and before Spring
 * MVC, Jackson and the session lookup in the database run. A flood of registrations is mostly such refusals; decided
 * here, each costs a few microseconds of one carrier thread and no database connection, so the requests of logged-in
 * users do not queue behind them. The admission goes to the controller as a request attribute ({@link #admissionOf})
 * and is ended when the request is over, which gives the hashing thread back, and the token if the registration did
 * not spend it.
 */
@Component
@Order(WebSupport.GATE_FILTER_ORDER)
class RegistrationGate extends OncePerRequestFilter {

    static final String PATH = "/api/v1/users";
    private static final String ADMISSION = RegistrationAdmission.class.getName();

    private final ObjectProvider<AccountService> accounts;
    private final JsonMapper json;

    /** @param accounts none in the web slices of other features, which then pass every request on */
    RegistrationGate(ObjectProvider<AccountService> accounts, JsonMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !PATH.equals(request.getRequestURI()
                        .substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AccountService service = accounts.getIfAvailable();
        if (service == null) {
            chain.doFilter(request, response);
            return;
        }
        RegistrationAdmission admission;
        try {
            admission = service.admitRegistration();
        } catch (ApiException refused) {
            refuse(refused, request, response);
            return;
        }
        request.setAttribute(ADMISSION, admission);
        try {
            chain.doFilter(request, response);
        } finally {
            admission.end();
        }
    }

    /** The admission the gate gave {@code request}; none where no gate ran (web slices of other features). */
    static @Nullable RegistrationAdmission admissionOf(HttpServletRequest request) {
        return request.getAttribute(ADMISSION) instanceof RegistrationAdmission admission ? admission : null;
    }

    private void refuse(ApiException refused, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProblemDetail problem = refused.getBody();
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(refused.getStatusCode().value());
        refused.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
        response.flushBuffer();
    }
}
