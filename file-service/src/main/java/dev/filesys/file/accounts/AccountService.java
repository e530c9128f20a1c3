package dev.filesys.file.accounts;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.NotLoggedIn;
import dev.filesys.file.sessions.SessionExpired;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.RateLimited;
import dev.filesys.support.TokenBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration, login and logout, always on the caller's open session. Password hashing (tens of milliseconds) happens
 * outside database transactions, so it holds no connection.
 */
@Service
public class AccountService {

    private static final String ALL_ADDRESSES = "all";
    private static final String REGISTRATIONS_OVERALL = "registrations on this server";

    private final UserRepository users;
    private final PasswordHashing passwords;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final TokenBuckets registrationsPerAddress;
    private final TokenBuckets registrationsOverall;
    private final TokenBuckets unknownNames;
    private final SessionService sessions;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;

    AccountService(
            UserRepository users,
            PasswordHashing passwords,
            PasswordPolicy policy,
            LoginThrottle throttle,
            SessionService sessions,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            FileServiceProperties properties,
            Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.policy = policy;
        this.throttle = throttle;
        FileServiceProperties.Limits limits = properties.limits();
        this.registrationsPerAddress = new TokenBuckets(limits.registrations().rate(), limits.trackedAddresses());
        this.registrationsOverall =
                new TokenBuckets(limits.registrationsOverall().rate(), 1);
        this.unknownNames = new TokenBuckets(limits.unknownNames().rate(), limits.trackedAddresses());
        this.sessions = sessions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Admits a registration before its body is parsed or its session looked up, or refuses one that could only be
     * refused: when this instance's registration allowance (all addresses together) is spent right now, or every
     * password-hashing thread is busy. An admitted registration holds one token of the instance's allowance and one
     * hashing thread from here on, so however many registrations arrive at once, no more go on to parse bodies and look
     * up sessions than there are tokens and free hashing threads; the others are answered from memory and never queue
     * for the database connections and the processor time the requests of logged-in users need. (Only peeking here let
     * a whole burst through while one token and one thread were free, to be refused one by one after their database
     * lookups.) The address's own allowance is left to {@link #register}: a weak password is refused as such
     * before it is looked at.
     *
     * @return the token and the thread, to hand to {@link #register} and to {@link RegistrationAdmission#end end} when
     *     the request ends
     * @throws RateLimited when the instance has registered too many lately
     * @throws ServerBusy when every password-hashing thread is busy
     */
    RegistrationAdmission admitRegistration() {
        Optional<Duration> wait = registrationsOverall.emptyFor(ALL_ADDRESSES);
        if (wait.isPresent()) {
            throw new RateLimited(REGISTRATIONS_OVERALL, wait.get());
        }
        PasswordHashing.Reservation hashing = passwords.reserve().orElseThrow(ServerBusy::new);
        wait = registrationsOverall.tryTake(ALL_ADDRESSES);
        if (wait.isPresent()) {
            hashing.close();
            throw new RateLimited(REGISTRATIONS_OVERALL, wait.get());
        }
        return new RegistrationAdmission(hashing, () -> registrationsOverall.giveBack(ALL_ADDRESSES));
    }

    /** As {@link #register(CurrentSession, String, String, String, RegistrationAdmission)} without an admission. */
    Account register(CurrentSession session, String username, String password, String clientAddress) {
        return register(session, username, password, clientAddress, null);
    }

    /**
     * Creates a user and logs the session in as it (keeping the session's token). Registrations are limited per client
     * address and on this instance as a whole, after the cheap checks and before the name is looked up: so a taken
     * name (the 409 that tells a name exists) costs an attempt like a new account does, and names cannot be probed
     * through registration without limit.
     *
     * @param admission the instance's token and a hashing thread taken at the gate ({@link #admitRegistration}), the
     *     token spent and the thread used here; {@code null}: both are taken here
     * @throws InvalidUsername when the name breaks the rules
     * @throws WeakPassword when the password does
     * @throws InvalidPassword when the password is not text (an unpaired surrogate)
     * @throws RateLimited when the address or the instance has registered too many lately
     * @throws UsernameTaken when the name (in any case) exists
     * @throws ServerBusy when every password-hashing thread is busy
     */
    Account register(
            CurrentSession session,
            String username,
            String password,
            String clientAddress,
            @Nullable RegistrationAdmission admission) {
        String name = Credentials.checkUsername(username);
        String normalizedPassword = policy.check(password, name);
        registrationsPerAddress.take(TokenBuckets.addressKey(clientAddress), "registrations");
        if (admission != null) {
            admission.spend();
        } else {
            registrationsOverall.take(ALL_ADDRESSES, REGISTRATIONS_OVERALL);
        }
        if (users.existsByUsername(name)) {
            throw new UsernameTaken(name);
        }
        String hash = admission != null
                ? passwords.hash(normalizedPassword, admission.hashing())
                : passwords.hash(normalizedPassword);
        try {
            return transactions.execute(status -> {
                User user = users.saveAndFlush(new User(name, hash, clock.instant()));
                sessions.logIn(session.sessionId(), user.getId());
                events.publishEvent(new UserRegistered(user.getId(), user.username(), session.sessionId()));
                return new Account(user.getId(), user.username());
            });
        } catch (DataIntegrityViolationException e) {
            // another registration of the same name won the race; the unique index decided
            throw new UsernameTaken(name);
        }
    }

    /**
     * Checks the credentials and logs the session in with a new token. An unknown name and a wrong password fail alike,
     * after the same hashing work.
     *
     * @param clientAddress the caller's address, for throttling
     * @throws TooManyAttempts while the name or the address is held back after failures (checked first, no work done)
     * @throws InvalidPassword when the password is not text (counted as a failed attempt)
     * @throws InvalidCredentials when the name or the password is wrong
     * @throws ServerBusy when every password-hashing thread is busy (the attempt still counts)
     */
    LoggedIn login(CurrentSession session, String username, String password, String clientAddress) {
        String name = Credentials.normalizeUsername(username);
        String usernameKey = LoginThrottle.usernameKey(name);
        String addressKey = LoginThrottle.addressKey(clientAddress);
        Instant now = clock.instant();
        // the attempt counts before anything is checked: concurrent guesses cannot outrun the throttle
        Optional<Duration> blocked = throttle.reserve(List.of(usernameKey, addressKey), now);
        if (blocked.isPresent()) {
            count("throttled");
            throw new TooManyAttempts(blocked.get());
        }
        if (Credentials.hasLoneSurrogate(password)) {
            count("invalid");
            throw new InvalidPassword();
        }
        String candidate = Credentials.normalizePassword(password);
        Optional<User> user = Credentials.isPossibleUsername(name) ? users.findByUsername(name) : Optional.empty();
        if (user.isEmpty()) {
            passwords.verifyAgainstNothing(candidate);
        }
        if (user.isEmpty() || !passwords.matches(candidate, user.get().passwordHash())) {
            count("invalid");
            throw new InvalidCredentials();
        }
        User found = user.get();
        if (found.disabledAt() != null) {
            // the password was right (so the attempt is given back): the account is what refuses
            throttle.release(usernameKey);
            throttle.release(addressKey);
            count("disabled");
            throw ApiError.ACCOUNT_DISABLED.exception("This account is disabled; ask an admin.");
        }
        String upgraded = passwords.needsRehash(found.passwordHash()) ? passwords.hash(candidate) : null;
        String token = transactions.execute(status -> {
            users.findById(found.getId()).ifPresent(stored -> {
                if (upgraded != null) {
                    stored.rehashed(upgraded);
                }
                stored.loggedIn(clock.instant());
            });
            throttle.succeeded(usernameKey, addressKey);
            String rotated = sessions.logInWithNewToken(session.sessionId(), found.getId());
            events.publishEvent(new UserLoggedIn(found.getId(), session.sessionId()));
            return rotated;
        });
        count("success");
        return new LoggedIn(new Account(found.getId(), found.username()), token);
    }

    /** Unbinds the user from the session, which stays open; a session without a user is left as it is. */
    void logout(CurrentSession session) {
        if (session.userId() != null) {
            transactions.executeWithoutResult(status -> {
                sessions.logOut(session.sessionId());
                events.publishEvent(new UserLoggedOut(session.userId(), session.sessionId()));
            });
        }
    }

    /**
     * Changes the caller's password: the old one is checked like a login (throttled per name and address), the new one
     * against the password rules; every other session of the user ends, this one stays. Clears an admin's reset.
     *
     * @throws TooManyAttempts while the name or the address is held back after failures
     * @throws ApiException {@code WRONG_PASSWORD} when the old password is wrong (counts as a failed attempt)
     * @throws WeakPassword when the new password breaks the rules, or is the old one
     * @throws ServerBusy when every password-hashing thread is busy
     */
    public void changePassword(CurrentSession session, String oldPassword, String newPassword, String clientAddress) {
        User user = verifyPassword(session, oldPassword, clientAddress);
        String normalized = policy.check(newPassword, user.username());
        if (passwords.matches(normalized, user.passwordHash())) {
            throw new WeakPassword("The new password is the old one; choose another.");
        }
        String hash = passwords.hash(normalized);
        transactions.executeWithoutResult(status -> {
            users.findById(user.getId()).orElseThrow(() -> new SessionExpired()).passwordChanged(hash);
            sessions.closeAllOf(user.getId(), session.sessionId());
        });
    }

    /**
     * Checks the password of the session's user, throttled like a login: a wrong one counts as a failed attempt of the
     * name and the address, a right one gives the attempt back.
     *
     * @throws TooManyAttempts while the name or the address is held back after failures
     * @throws ApiException {@code WRONG_PASSWORD} when it is wrong
     */
    public void confirmPassword(CurrentSession session, String password, String clientAddress) {
        verifyPassword(session, password, clientAddress);
    }

    private User verifyPassword(CurrentSession session, @Nullable String password, String clientAddress) {
        UUID userId = session.user().orElseThrow(NotLoggedIn::new).userId();
        User user = users.findById(userId).orElseThrow(SessionExpired::new);
        String usernameKey = LoginThrottle.usernameKey(user.username());
        String addressKey = LoginThrottle.addressKey(clientAddress);
        Optional<Duration> blocked = throttle.reserve(List.of(usernameKey, addressKey), clock.instant());
        if (blocked.isPresent()) {
            throw new TooManyAttempts(blocked.get());
        }
        if (password == null
                || Credentials.hasLoneSurrogate(password)
                || !passwords.matches(Credentials.normalizePassword(password), user.passwordHash())) {
            throw ApiError.WRONG_PASSWORD.exception("That is not your current password.");
        }
        throttle.succeeded(usernameKey, addressKey);
        return user;
    }

    /**
     * The id of the user with this name, for sharing: as {@link #findUserId}, but "nobody has that name" is an answer
     * each asking user and each client address gets only so often (a burst, then one per interval), so user names
     * cannot be enumerated through sharing. Names that exist cost nothing: sharing with real users is never held back
     * until the allowance is spent on unknown names; then every lookup waits (or a name that exists would stand out).
     *
     * @param askedBy the user who names the other
     * @throws RateLimited while either allowance is spent
     */
    public Optional<UUID> findUserIdLimited(String username, UUID askedBy) {
        List<String> keys = List.of("user:" + askedBy, "addr:" + TokenBuckets.addressKey(ClientAddress.current()));
        for (String key : keys) {
            Optional<Duration> wait = unknownNames.emptyFor(key);
            if (wait.isPresent()) {
                throw new RateLimited("lookups of names that belong to nobody", wait.get());
            }
        }
        Optional<UUID> found = findUserId(username);
        if (found.isEmpty()) {
            keys.forEach(unknownNames::tryTake);
        }
        return found;
    }

    /** The id of the user with this name (any case), for features that name users, such as sharing. */
    @Transactional(readOnly = true)
    public Optional<UUID> findUserId(String username) {
        String name = Credentials.normalizeUsername(username);
        return Credentials.isPossibleUsername(name) ? users.findByUsername(name).map(User::getId) : Optional.empty();
    }

    private void count(String outcome) {
        meters.counter("filesys.logins", "outcome", outcome).increment();
    }

    /** A user: id and lower-case name. */
    record Account(UUID userId, String username) {}

    /** A successful login: the user and the session's new token. */
    record LoggedIn(Account account, String sessionToken) {}
}
