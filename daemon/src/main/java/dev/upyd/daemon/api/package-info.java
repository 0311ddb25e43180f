/**
 * The daemon's side of the local API (messages from {@code dev.upyd.protocol.api}).
 *
 * <p>Conversation rules (what a client can rely on):
 * <ul>
 * <li>First message: {@code Hello(protocolVersion)} → {@code HelloOk}; another version →
 *     {@code ErrorReply(UNSUPPORTED_VERSION)} and close. Anything else first → {@code ErrorReply(BAD_MESSAGE)}, close.</li>
 * <li>Malformed or oversize frames → {@code ErrorReply(requestId 0, BAD_MESSAGE | TOO_LARGE)} and close.</li>
 * <li>Every device request ends with exactly one {@code Result(exitCode, message)} or, when it is refused
 *     before it starts (unknown device, id in use, daemon shutting down), one {@code ErrorReply}.
 *     Exit codes are {@link dev.upyd.daemon.device.ResultCodes} (= the CLI's ExitCodes): 0 ok, 1 exception on
 *     the device (message = last traceback line), 2 bad path / no such file or directory, 3 device unreachable
 *     or the connection dropped (e.g. the code reset the board), 4 auth (auth-failed / locked), 7 integrity,
 *     70 internal, 130 cancelled.</li>
 * <li>{@code ListDevices} → one {@code DeviceList} (no {@code Result}: it is not a device request).</li>
 * <li>{@code Exec(device, code)}: {@code Output(STDOUT|STDERR)} as the device prints, then {@code Result}.
 *     Requests to one device run one at a time in arrival order; different devices run in parallel.</li>
 * <li>{@code PutFile(device, path, size, sha256)}, then {@code Data} chunks, then an empty {@code Data};
 *     size and SHA-256 are checked before anything is sent to the device; {@code Progress}, then
 *     {@code Result(message = sha256 hex)}. The file lands atomically (temp name + os.rename).</li>
 * <li>{@code GetFile(device, path)}: {@code FileHeader(size)}, {@code Data} chunks, {@code Progress},
 *     then {@code Result(message = sha256 hex)}.</li>
 * <li>{@code Attach(device)}: {@code Output(STDOUT)} with the friendly REPL's raw bytes (banner and
 *     {@code >>> } first); {@code Input(sameId, bytes)} is typed; {@code Detach(sameId)} ends it with
 *     {@code Result(0, "detached")}. Other requests for the device wait until then.</li>
 * <li>{@code Cancel(targetId)}: exec → Ctrl-C (Result 130 with the KeyboardInterrupt on stderr; if the
 *     device does not stop within the cancel grace the session is reset); attach → detach; a file transfer
 *     is cut off (Result 130; the session is reset, as WebREPL's file protocol has no abort; nothing lands
 *     under the real name), unless only its final rename is left. A client that disconnects gets the same treatment for all its requests.</li>
 * <li>{@code Unlock(passphrase)} → Result 0, or 4 when it does not open the host key; {@code Lock} → 0;
 *     {@code ReloadConfig} → 0 with the device count, or 2 with the file's problem (the running
 *     configuration stays); {@code Shutdown} → 0, then the daemon stops gracefully.</li>
 * <li>{@code Resolve(host)} → 0 with the address a connect would use now ({@code .local} names by the
 *     daemon's own mDNS, asked afresh), or 3 with the reason (no mDNS answer, unknown host).</li>
 * </ul>
 */
package dev.upyd.daemon.api;
