package org.luaj.vm2.compiler;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.io.IOException;
import java.io.InputStream;

/**
 * luaj's compiler with Lua 5.1's syntax error messages, as Redis's scripts see them:
 * {@code user_script:1: unexpected symbol near '<eof>'}.
 *
 * <p>Why this lives in luaj's package. Lua's {@code lexerror} ends every message with
 * "near 'token'", the token the parser stood on (llex.c: {@code txtToken}); luaj builds that text
 * and then throws the message without it, and words "unexpected symbol" as
 * "unexpected symbol 286 (Ğ)". The token is only in the lexer's package-private state, so this
 * class runs luaj's own parser steps ({@code LuaC.CompileState.luaY_parser}: a LexState, the main
 * FuncState, {@code mainfunc}) itself, and on a syntax error reads the lexer's current token to
 * finish the message as Lua 5.1's {@code luaX_lexerror} does. It is installed as the
 * {@link Globals.Compiler} of the script sandboxes; everything else is luaj's.
 */
public final class Lua51SyntaxErrors implements Globals.Compiler {
    public static final Lua51SyntaxErrors INSTANCE = new Lua51SyntaxErrors();

    private Lua51SyntaxErrors() {}

    @Override
    public Prototype compile(InputStream stream, String chunkname) throws IOException {
        // luaj skips a first line starting with '#' (a file's "#!" line, as lua.c's loadfile does);
        // Redis compiles with luaL_loadbuffer, which does not: "#x" is the length operator out of
        // place. A "#!" line has been handled by eval.c's shebang parsing before we get here.
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(stream, 2);
        int c0 = in.read(), c1 = c0 == '#' ? in.read() : -1;
        if (c0 == '#' && c1 != '!') {
            throw new LuaError(org.luaj.vm2.Lua.chunkid(chunkname) + ":1: unexpected symbol near '#'");
        }
        if (c1 != -1) in.unread(c1);
        if (c0 != -1) in.unread(c0);
        // from here on, the steps of luaj's LuaC.CompileState.luaY_parser
        LuaC.CompileState state = new LuaC.CompileState();
        LexState ls = new LexState(state, in);
        FuncState fs = new FuncState();
        ls.fs = fs;
        ls.setinput(state, in.read(), in, LuaValue.valueOf(chunkname));
        fs.f = new Prototype();
        fs.f.source = LuaValue.valueOf(chunkname);
        try {
            ls.mainfunc(fs);
        } catch (LuaError e) {
            throw new LuaError(lua51(ls, e.getMessage()));
        } catch (NumberFormatException e) {
            // luaj lets Java's number parser fail on numerals like "1..2" or "12abc"; Lua 5.1
            // reports them as llex.c's read_numeral does
            String where = org.luaj.vm2.Lua.chunkid(chunkname) + ":" + ls.linenumber + ": ";
            throw new LuaError(where + "malformed number near '" + text(ls, LexState.TK_NUMBER) + "'");
        }
        return fs.f;
    }

    /** luaj's "chunk:line: msg" with Lua 5.1's wording and its "near 'token'" ending. */
    static String lua51(LexState ls, String message) {
        if (message == null) return null;
        // the message is "chunkid:line: msg" (chunk ids here are user_script/user_function/=(load))
        int at = message.indexOf(": ");
        if (at < 0) return message;
        String where = message.substring(0, at + 2), msg = message.substring(at + 2);
        int token;
        if (msg.startsWith("unexpected symbol")) {
            msg = "unexpected symbol";
            token = currentToken(ls);
        } else if (msg.equals("unfinished string")) {
            token = ls.current == -1 ? LexState.TK_EOS : LexState.TK_STRING;
        } else if (msg.startsWith("unfinished long")) {
            token = LexState.TK_EOS;
        } else if (msg.equals("malformed number")) {
            token = LexState.TK_NUMBER;
        } else if (msg.startsWith("invalid long string delimiter") || msg.contains("escape")) {
            token = LexState.TK_STRING;
        } else if (msg.startsWith("lexical element too long") || msg.startsWith("chunk has too many")) {
            return where + msg;
        } else {
            token = currentToken(ls);
        }
        msg = msg.replace("'<eos>'", "'<eof>'");
        return where + msg + " near '" + text(ls, token) + "'";
    }

    /** The token the parser stands on ({@code ls->t.token}); luaj's Token class is private, so by reflection. */
    private static int currentToken(LexState ls) {
        try {
            return TOKEN.getInt(T.get(ls));
        } catch (ReflectiveOperationException e) {
            return LexState.TK_EOS; // cannot happen with luaj 3.0.1; a message near '<eof>' beats none
        }
    }

    private static final java.lang.reflect.Field T, TOKEN;
    static {
        try {
            T = LexState.class.getDeclaredField("t");
            T.setAccessible(true);
            TOKEN = T.getType().getDeclaredField("token");
            TOKEN.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** llex.c's txtToken: what a token looked like, for an error message. */
    private static String text(LexState ls, int token) {
        switch (token) {
            case LexState.TK_NAME, LexState.TK_STRING, LexState.TK_NUMBER:
                // the lexer may have terminated its buffer with '\0' (read_numeral does, as llex.c)
                int n = ls.nbuff;
                while (n > 0 && ls.buff[n - 1] == 0) n--;
                return new String(ls.buff, 0, n);
            case LexState.TK_EOS:
                return "<eof>";
            default:
                if (token < LexState.FIRST_RESERVED) {
                    return Character.isISOControl(token) ? "char(" + token + ")" : String.valueOf((char) token);
                }
                return LexState.luaX_tokens[token - LexState.FIRST_RESERVED];
        }
    }
}
