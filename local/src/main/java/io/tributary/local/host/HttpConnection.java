package io.tributary.local.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.tributary.auth.AuthException;
import io.tributary.functions.Access;
import io.tributary.auth.Principal;
import io.tributary.auth.TokenVerifier;
import io.tributary.config.HttpSettings;
import io.tributary.http.Problem;
import io.tributary.local.host.HttpRouter.RouteMatch;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.tributary.http.EventStream;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One HTTP/1.1 connection of the local host, read only on demand (auto-read is off: a socket read
 * happens when this handler asks for one), one request at a time:
 * <ol>
 * <li>Line and headers, within the header timeout of the connection opening or of the request's
 *     first byte. Then, before any of the body is read: the framing ({@link BodyFraming}), the
 *     route (by method and path only), a missing token, then — on the worker pool, as either may
 *     block (an identity provider's keys, the tenant directory, a shared limiter) — the caller's
 *     token against the route's {@link io.tributary.functions.RouteAccess} entry and the verified
 *     caller's {@link Admission} (tenant standing, an ingest tenant's rate limit), then the
 *     announced length. A refusal is answered, the output shut, and the connection closed shortly
 *     after, the body unread.
 * <li>The body, each read within the read timeout of the one before, up to the body limit.
 * <li>The function runs on the worker pool; nothing more is read meanwhile, so the responses of
 *     pipelined requests go out in the order the requests came. A request whose whole body came in
 *     the same socket read as its headers (most queries, small batches) is admitted and run in one
 *     task on the worker pool: its body costs no further read, and the request makes one round trip
 *     between the event loop and the pool instead of two; a refusal is answered as above.
 * <li>Once the response is written, the next request is read; a kept-alive connection that stays
 *     silent for the idle timeout is closed.
 * </ol>
 * What one socket read decodes into beyond what the current phase takes (the start of a pipelined
 * request) waits in an inbox, at most one read's worth. Everything but the function runs on the
 * connection's event loop; the fields are confined to it.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(HttpConnection.class.getName());
  /** How long a refused connection stays half-closed, unread, so the client can read the answer. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private enum Phase {
    /** Waiting for a request's line and headers. */
    HEADERS,
    /** The caller's token and admission are checked on the worker pool; nothing is read. */
    ADMITTING,
    /** Reading an admitted request's body. */
    BODY,
    /** The function runs; nothing is read. */
    HANDLING,
    /**
     * A streamed response ({@link EventStream}) is being written until it finishes or the client
     * leaves; what arrives meanwhile is read only to notice the client leaving, and dropped. The
     * connection closes after it: a stream ends keep-alive.
     */
    STREAMING,
    /** Kept alive between requests. */
    IDLE,
    /** Answered for the last time; nothing more is read. */
    CLOSING
  }

  private final HttpRouter router;
  private final TokenVerifier tokens;
  private final Admission admission;
  private final Executor executor;
  private final HttpSettings limits;
  private final int maxBodyBytes;

  private ChannelHandlerContext ctx;
  private Phase phase = Phase.HEADERS;
  /** Decoded messages not handled yet, oldest first. */
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private boolean pumping;
  private ScheduledFuture<?> timer;
  /** Bumped whenever the timer changes, so that a timeout that fires late for an old phase does nothing. */
  private int timerGeneration;
  /** Whether a byte of the request now awaited has arrived (a silent connection is closed without a word). */
  private boolean sawBytes;

  /** The response being streamed, in {@link Phase#STREAMING}; null otherwise. */
  private EventStream stream;
  private ScheduledFuture<?> streamTick;
  /** When the channel last became unwritable while streaming; 0 while it is writable. */
  private long unwritableSince;
  /** Whether a drain is queued on the event loop already (wakes come from processing threads). */
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  /**
   * Whether {@link #drainStream} is running: a write in it can fire {@link #channelWritabilityChanged}
   * at once, which must not drain (and end the stream) a second time from inside the first.
   */
  private boolean draining;
  /** Whether the writability changed during a drain, which then drains once more. */
  private boolean redrain;

  /** When the body last grew: the read timeout counts from there. */
  private long lastBodyRead;

  // The request being read.
  private boolean keepAlive;
  private RouteMatch match;
  private URI uri;
  private Map<String, String> headers;
  private Map<String, String> query;
  private Principal caller;
  private BodyBuffer body;

  HttpConnection(HttpRouter router, TokenVerifier tokens, Admission admission, Executor executor,
      HttpSettings limits, int maxBodyBytes) {
    this.router = router;
    this.tokens = tokens;
    this.admission = admission;
    this.executor = executor;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * A handler for the head of the pipeline (before the HTTP decoder) that tells this connection
   * when bytes arrive, and counts them into {@code received}.
   */
  ChannelInboundHandlerAdapter arrivals(LongConsumer received) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable()) {
          received.accept(b.readableBytes());
          bytesArrived();
        }
        c.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    this.ctx = c;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) {
    awaitHeaders();
    c.fireChannelActive();
    pump();
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    endStream();
    phase = Phase.CLOSING;
    cancelTimer();
    forgetRequest();
    pump();
    c.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    LOG.log(Level.FINE, "connection failed; closing it", cause);
    endStream();
    phase = Phase.CLOSING;
    c.close();
  }

  private void bytesArrived() {
    if (phase == Phase.IDLE) {
      awaitHeaders();
    }
    if (phase == Phase.HEADERS) {
      sawBytes = true;
    }
  }

  private void awaitHeaders() {
    phase = Phase.HEADERS;
    sawBytes = false;
    startTimer(limits.headerTimeout(), this::headersTimedOut);
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (phase == Phase.STREAMING) {
      // Read only to notice the client leaving; a streamed response closes the connection, so nothing more is served.
      ReferenceCountUtil.release(msg);
      c.read();
      return;
    }
    inbox.add(msg);
    pump();
  }

  private boolean takesMessages() {
    return phase == Phase.HEADERS || phase == Phase.IDLE || phase == Phase.BODY;
  }

  /**
   * Hands the inbox to the current phase while it takes messages, then asks for a socket read if
   * it wants more. Once closing, drops what is left.
   */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      Object msg;
      while (takesMessages() && (msg = inbox.poll()) != null) {
        try {
          handle(msg);
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }
      if (phase == Phase.CLOSING) {
        while ((msg = inbox.poll()) != null) {
          ReferenceCountUtil.release(msg);
        }
      } else if (takesMessages() && inbox.isEmpty()) {
        ctx.read();
      }
    } finally {
      pumping = false;
    }
  }

  private void handle(Object msg) {
    if (phase == Phase.BODY) {
      if (msg instanceof HttpContent content) {
        onContent(content);
      } else {
        refuse(Problem.of(400, HostReasons.BAD_REQUEST, "a new request began before the body ended"));
      }
    } else if (msg instanceof HttpRequest r) {
      onRequest(r);
    }
    // Else the end of a body that was not read (none is, after a refusal): nothing to do with it.
  }

  private void onRequest(HttpRequest r) {
    cancelTimer();
    keepAlive = HttpUtil.isKeepAlive(r);
    Problem framing = BodyFraming.check(r.protocolVersion(), r.headers());
    if (framing != null) {
      refuse(framing);
      return;
    }
    if (r.decoderResult().isFailure()) {
      Throwable cause = r.decoderResult().cause();
      refuse(Problem.of(400, HostReasons.BAD_REQUEST, cause instanceof TooLongFrameException
          ? "the request line or headers are too long (" + cause.getMessage() + "); send shorter ones"
          : "the HTTP request cannot be parsed: " + cause.getMessage()));
      return;
    }
    String expect = r.headers().get(HttpHeaderNames.EXPECT);
    boolean hundred = expect != null && expect.trim().equalsIgnoreCase("100-continue");
    // An HTTP/1.0 client's 100-continue is ignored (RFC 9110 §10.1.1).
    boolean continueExpected = hundred && r.protocolVersion().equals(HttpVersion.HTTP_1_1);
    if (expect != null && !hundred) {
      refuse(Problem.of(417, HostReasons.UNSUPPORTED_EXPECTATION, "Expect: " + expect
          + " is not supported; send 'Expect: 100-continue' over HTTP/1.1, or no Expect"));
      return;
    }
    QueryStringDecoder target = new QueryStringDecoder(r.uri());
    String path = pathOf(r.uri());
    if (path == null) {
      refuse(Problem.of(400, HostReasons.BAD_REQUEST, "the request target must be a path such as /api/health"));
      return;
    }
    try {
      InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
      String address = local.getAddress().getHostAddress();
      String rawQuery = target.rawQuery();
      // The host's own authority: nothing of the client's (its Host header) goes into the URI.
      uri = new URI("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + local.getPort()
          + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    } catch (URISyntaxException | ClassCastException | NullPointerException e) {
      refuse(Problem.of(400, HostReasons.BAD_REQUEST, "the request target is not a valid URI path and query"));
      return;
    }
    String method = r.method().name();
    if (answeredByHost(r, method, path, target)) {
      return;
    }
    Optional<RouteMatch> found = router.resolve(method, path);
    if (found.isEmpty()) {
      refuse(router.unrouted(method, path));
      return;
    }
    match = found.get();
    headers = new HashMap<>();
    for (Map.Entry<String, String> h : r.headers()) {
      headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
    }
    String authorization = headers.get("authorization");
    Access access = match.access();
    if (access.needsToken() && (authorization == null || authorization.isBlank())) {
      try {
        tokens.verify(authorization); // answers missing_token without any I/O
      } catch (AuthException e) {
        refuse(e.problem());
        return;
      }
    }
    long length = HttpUtil.getContentLength(r, -1L);
    query = new HashMap<>();
    for (Map.Entry<String, List<String>> e : target.parameters().entrySet()) {
      query.put(e.getKey(), e.getValue().get(0));
    }
    boolean sendContinue = continueExpected && (length > 0 || HttpUtil.isTransferEncodingChunked(r));
    if (!access.needsToken()) {
      if (length > maxBodyBytes) {
        refuse(tooLarge());
        return;
      }
      body = new BodyBuffer(length);
      readBody(sendContinue);
      return;
    }
    // The token and the caller's admission are checked on the worker pool: verifying a token may
    // fetch an identity provider's keys, and admission may read the tenant directory or a shared
    // limiter; the event loop never waits on either.
    BodyBuffer arrived = sendContinue || length > maxBodyBytes ? null : wholeBodyArrived();
    if (arrived != null) {
      // The whole body came with the headers (a small request): the function runs right after the
      // admission in the same task, one hand-off to the worker pool and one back instead of two each.
      admitAndDispatch(access, authorization, arrived);
      return;
    }
    phase = Phase.ADMITTING;
    String function = match.function();
    try {
      executor.execute(() -> {
        Admitted a = admit(function, access, authorization);
        ctx.executor().execute(() -> admitted(a.caller(), a.refusal(), length, sendContinue));
      });
    } catch (RejectedExecutionException e) {
      refuse(busy());
    }
  }

  /** The caller a token names, or the refusal of the token or of the caller's admission. */
  private record Admitted(Principal caller, Problem refusal) {}

  /** On the worker pool: the caller's token against the route's role, then the caller's admission. */
  private Admitted admit(String function, Access access, String authorization) {
    Principal who = null;
    Problem p;
    try {
      who = access.role() == null ? tokens.verify(authorization) : tokens.require(authorization, access.role());
      p = admission.admit(function, who);
    } catch (AuthException e) {
      p = e.problem();
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "admission of a request to " + function + " failed", e);
      p = Problem.of(503, HostReasons.OVERLOADED, "the server could not look up this tenant now; retry shortly")
          .with("retryAfterSeconds", 1);
    }
    return new Admitted(who, p);
  }

  private static Problem busy() {
    return Problem.of(503, HostReasons.OVERLOADED, "the server is busy; retry shortly").with("retryAfterSeconds", 1);
  }

  /**
   * The request's whole body, taken from the inbox, when its every part arrived already (within the
   * body limit, without a decoding failure); otherwise null, and the inbox is left as it was.
   */
  private BodyBuffer wholeBodyArrived() {
    long size = 0;
    boolean whole = false;
    for (Object msg : inbox) {
      if (!(msg instanceof HttpContent content) || content.decoderResult().isFailure()) {
        return null;
      }
      size += content.content().readableBytes();
      if (size > maxBodyBytes) {
        return null;
      }
      if (content instanceof LastHttpContent) {
        whole = true;
        break;
      }
    }
    if (!whole) {
      return null;
    }
    BodyBuffer b = new BodyBuffer(size);
    Object msg;
    do {
      msg = inbox.poll();
      try {
        b.append(((HttpContent) msg).content());
      } finally {
        ReferenceCountUtil.release(msg);
      }
    } while (!(msg instanceof LastHttpContent));
    return b;
  }

  /**
   * Admits the request and runs its function in one task on the worker pool; a refusal is answered
   * on the event loop as any other (the connection closes after it).
   */
  private void admitAndDispatch(Access access, String authorization, BodyBuffer arrived) {
    phase = Phase.HANDLING;
    RouteMatch m = match;
    URI u = uri;
    Map<String, String> h = headers;
    Map<String, String> q = query;
    byte[] bytes = arrived.toArray();
    forgetRequest();
    long start = System.nanoTime();
    try {
      executor.execute(() -> {
        Admitted a = admit(m.function(), access, authorization);
        if (a.refusal() != null) {
          ctx.executor().execute(() -> {
            if (phase == Phase.HANDLING && ctx.channel().isActive()) {
              refuse(a.refusal());
            }
          });
          return;
        }
        invoke(m, u, h, q, bytes, a.caller(), start);
      });
    } catch (RejectedExecutionException e) {
      refuse(busy());
    }
  }

  /**
   * Answers a request of the host's own routes (the console's: no function, no body read) at once.
   * A body sent with one is not read, so the connection closes after the answer.
   */
  private boolean answeredByHost(HttpRequest r, String method, String path, QueryStringDecoder target) {
    Map<String, String> h = new HashMap<>();
    for (Map.Entry<String, String> e : r.headers()) {
      h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    Map<String, String> q = new HashMap<>();
    target.parameters().forEach((k, v) -> q.put(k, v.get(0)));
    HostResponse own = router.hostRoute(new HostRoutes.Request(method, path, q, h,
        (InetSocketAddress) ctx.channel().localAddress(), (InetSocketAddress) ctx.channel().remoteAddress()));
    if (own == null) {
      return false;
    }
    if (HttpUtil.getContentLength(r, 0L) > 0 || HttpUtil.isTransferEncodingChunked(r)) {
      keepAlive = false;
    }
    phase = Phase.HANDLING;
    respond(own);
    return true;
  }

  /** Back on the event loop with the admission's answer: refuse, or read the body. */
  private void admitted(Principal verified, Problem refusal, long length, boolean sendContinue) {
    if (phase != Phase.ADMITTING || !ctx.channel().isActive()) {
      return;
    }
    if (refusal != null) {
      refuse(refusal);
      return;
    }
    if (length > maxBodyBytes) {
      refuse(tooLarge());
      return;
    }
    caller = verified;
    body = new BodyBuffer(length);
    readBody(sendContinue);
    pump();
  }

  private void readBody(boolean sendContinue) {
    if (sendContinue) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    phase = Phase.BODY;
    lastBodyRead = System.nanoTime();
    startTimer(limits.readTimeout(), this::bodyPaused);
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      refuse(Problem.of(400, HostReasons.BAD_REQUEST, "the chunked body cannot be parsed: "
          + content.decoderResult().cause().getMessage()));
      return;
    }
    if ((long) body.size() + content.content().readableBytes() > maxBodyBytes) {
      refuse(tooLarge());
      return;
    }
    body.append(content.content());
    if (content instanceof LastHttpContent) {
      cancelTimer();
      dispatch();
    } else {
      lastBodyRead = System.nanoTime();
    }
  }

  private Problem tooLarge() {
    return Problem.of(413, HostReasons.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes
        + " bytes; send smaller batches");
  }

  /** Runs the function on the worker pool; its response is written back on the event loop. */
  private void dispatch() {
    phase = Phase.HANDLING;
    RouteMatch m = match;
    URI u = uri;
    Map<String, String> h = headers;
    Map<String, String> q = query;
    Principal who = caller;
    byte[] bytes = body.toArray();
    forgetRequest();
    long start = System.nanoTime();
    try {
      executor.execute(() -> invoke(m, u, h, q, bytes, who, start));
    } catch (RejectedExecutionException e) {
      respond(HttpRouter.problem(busy()));
    }
  }

  /**
   * On the worker pool: runs the function, then writes its response on the event loop; its time,
   * counted from {@code start} (when the request was handed to the pool), goes to the router's metrics.
   */
  private void invoke(RouteMatch m, URI u, Map<String, String> h, Map<String, String> q, byte[] bytes,
      Principal who, long start) {
    HostResponse r;
    try {
      r = router.invoke(m, u, h, q, bytes, who);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "request failed: " + m.function() + " " + u.getPath(), e);
      r = HttpRouter.problem(Problem.of(500, HostReasons.INTERNAL_ERROR, "the server failed on this request"));
    }
    router.answered(m.function(), r.status(), System.nanoTime() - start);
    HostResponse answer = r;
    ctx.executor().execute(() -> respond(answer));
  }

  private void respond(HostResponse r) {
    if (phase != Phase.HANDLING || !ctx.channel().isActive()) {
      if (r.stream() != null) {
        r.stream().close();
      }
      return;
    }
    if (r.stream() != null) {
      startStream(r);
      return;
    }
    FullHttpResponse resp = NettyHttpServer.response(r);
    if (!keepAlive) {
      phase = Phase.CLOSING;
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    ctx.writeAndFlush(resp).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        phase = Phase.CLOSING;
        ctx.close();
      } else if (phase == Phase.HANDLING) {
        phase = Phase.IDLE;
        startTimer(limits.idleTimeout(), this::idleTimedOut);
        pump();
      }
    });
  }

  /**
   * Writes the head of a streamed response (chunked, {@code Connection: close}), then its frames as
   * the stream has them: when it wakes this connection, at its tick (heartbeats), and when the
   * channel becomes writable again. A channel unwritable for longer than the stream's stall time
   * (the client not reading) stalls the stream, which ends with its farewell frame.
   */
  private void startStream(HostResponse r) {
    phase = Phase.STREAMING;
    stream = r.stream();
    DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
    r.headers().forEach((k, v) -> head.headers().set(k, v));
    HttpUtil.setTransferEncodingChunked(head, true);
    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(head).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        ctx.close();
      }
    });
    long tick = stream.tickNanos();
    streamTick = ctx.executor().scheduleAtFixedRate(this::drainStream, tick, tick, TimeUnit.NANOSECONDS);
    stream.start(this::wakeStream);
    ctx.read();
    drainStream();
  }

  /** From any thread: drains the stream on the event loop soon, once however often it is called. */
  private void wakeStream() {
    if (drainQueued.compareAndSet(false, true)) {
      ctx.executor().execute(() -> {
        drainQueued.set(false);
        drainStream();
      });
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    if (phase == Phase.STREAMING) {
      drainStream();
    }
    c.fireChannelWritabilityChanged();
  }

  private void drainStream() {
    if (draining) {
      redrain = true;
      return;
    }
    draining = true;
    try {
      do {
        redrain = false;
        drainStreamOnce();
      } while (redrain && stream != null);
    } finally {
      draining = false;
    }
  }

  private void drainStreamOnce() {
    EventStream s = stream;
    if (s == null) {
      return;
    }
    if (!ctx.channel().isActive()) {
      endStream();
      return;
    }
    long now = System.nanoTime();
    boolean wrote = false;
    byte[] frame;
    while (ctx.channel().isWritable() && (frame = s.next(now)) != null) {
      ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(frame)));
      wrote = true;
    }
    if (!s.finished() && !ctx.channel().isWritable()) {
      if (unwritableSince == 0) {
        unwritableSince = now;
      } else if (now - unwritableSince > s.stallNanos()) {
        s.stall(io.tributary.tail.TailReasons.SLOW_READER);
        while ((frame = s.next(now)) != null) {
          ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(frame)));
        }
      }
    } else {
      unwritableSince = 0;
    }
    if (s.aborted()) {
      // Cut off without the last chunk: the client must not take what it got for the whole.
      endStream();
      phase = Phase.CLOSING;
      ctx.flush();
      ctx.close();
      return;
    }
    if (s.finished()) {
      endStream();
      phase = Phase.CLOSING;
      ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(ChannelFutureListener.CLOSE);
      if (!last.isDone()) {
        // A client that stopped reading may never take the last bytes: the connection closes regardless.
        ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
      }
    } else if (wrote) {
      ctx.flush();
    }
  }

  /** Lets go of the stream (its subscription) and its tick; idempotent. */
  private void endStream() {
    if (streamTick != null) {
      streamTick.cancel(false);
      streamTick = null;
    }
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  /**
   * Answers {@code p} before (the rest of) the body is read, and closes: the output is shut at
   * once and the socket closed after {@link #LINGER}, so a client still sending can read the answer.
   */
  private void refuse(Problem p) {
    refuse(HttpRouter.problem(p));
  }

  private void refuse(HostResponse r) {
    phase = Phase.CLOSING;
    cancelTimer();
    forgetRequest();
    pump();
    FullHttpResponse resp = NettyHttpServer.response(r);
    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(resp).addListener((ChannelFuture f) -> {
      if (f.isSuccess() && f.channel() instanceof DuplexChannel d) {
        d.shutdownOutput().addListener(x -> ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(),
            TimeUnit.MILLISECONDS));
      } else {
        ctx.close();
      }
    });
  }

  private void headersTimedOut() {
    if (!sawBytes) {
      phase = Phase.CLOSING;
      ctx.close();
      return;
    }
    refuse(Problem.of(408, HostReasons.REQUEST_TIMEOUT, "the request line and headers did not arrive within "
        + limits.headerTimeout().toMillis() + " ms; send them at once"));
  }

  /** The read timer: one per body, set again for the rest of the timeout while reads keep coming. */
  private void bodyPaused() {
    long quiet = System.nanoTime() - lastBodyRead;
    long timeout = limits.readTimeout().toNanos();
    if (quiet < timeout) {
      startTimer(Duration.ofNanos(timeout - quiet), this::bodyPaused);
      return;
    }
    refuse(Problem.of(408, HostReasons.REQUEST_TIMEOUT, "the body stopped arriving for "
        + limits.readTimeout().toMillis() + " ms; send it without pauses"));
  }

  private void idleTimedOut() {
    phase = Phase.CLOSING;
    ctx.close();
  }

  private void startTimer(Duration after, Runnable onTimeout) {
    cancelTimer();
    int generation = timerGeneration;
    timer = ctx.executor().schedule(() -> {
      if (generation == timerGeneration && phase != Phase.CLOSING) {
        timer = null;
        onTimeout.run();
      }
    }, after.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    timerGeneration++;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void forgetRequest() {
    match = null;
    uri = null;
    headers = null;
    query = null;
    caller = null;
    body = null;
  }

  /** The path of a request target in origin form ({@code /a/b?q}) or absolute form; null for others. */
  static String pathOf(String target) {
    if (target.startsWith("/")) {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        String p = new URI(target).getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
      } catch (URISyntaxException e) {
        return null;
      }
    }
    return null;
  }
}
