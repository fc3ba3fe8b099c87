package zoom

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// TokenURL is Zoom's OAuth token endpoint.
const TokenURL = "https://zoom.us/oauth/token"

// TokenError is a refused token request. Code is the OAuth error ("invalid_client",
// "invalid_request", …), Reason Zoom's explanation.
type TokenError struct {
	StatusCode int
	Code       string
	Reason     string
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("zoom: token request refused (%d %s): %s", e.StatusCode, e.Code, e.Reason)
}

// InvalidCredentials reports whether the account id, client id or client secret were refused,
// which a person has to fix in the Zoom Marketplace rather than something worth retrying.
func (e *TokenError) InvalidCredentials() bool {
	switch e.Code {
	case "invalid_client", "unauthorized_client", "invalid_request":
		return true
	}
	return e.StatusCode == http.StatusUnauthorized
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
	// APIURL is the regional API base of the account (e.g. https://api-eu.zoom.us); see
	// RegionalBase before using it.
	APIURL string `json:"api_url"`
	// Zoom's refusals come as {"reason","error"}; some gateways answer {"code","message"}.
	Error   string `json:"error"`
	Reason  string `json:"reason"`
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// RequestAccountToken asks for a Server-to-Server OAuth access token for accountID. The token
// lives an hour and there is no refresh token: ask again before Expiry. A nil httpClient means
// http.DefaultClient; tokenURL "" means TokenURL.
func RequestAccountToken(ctx context.Context, httpClient *http.Client, tokenURL, accountID, clientID, clientSecret string) (*oauth2.Token, error) {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	if tokenURL == "" {
		tokenURL = TokenURL
	}
	form := url.Values{"grant_type": {"account_credentials"}, "account_id": {accountID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("zoom: token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(clientID, clientSecret)

	start := time.Now()
	resp, err := httpClient.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("zoom: token request: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("zoom: token request: read answer: %w", err)
	}
	var a tokenAnswer
	jsonErr := json.Unmarshal(body, &a)
	if resp.StatusCode != http.StatusOK {
		te := &TokenError{StatusCode: resp.StatusCode, Code: a.Error, Reason: a.Reason}
		if te.Reason == "" {
			te.Reason = a.Message
		}
		if te.Reason == "" && jsonErr != nil {
			te.Reason = excerpt(body)
		}
		return nil, te
	}
	if jsonErr != nil || a.AccessToken == "" {
		return nil, fmt.Errorf("zoom: token request: answer without access_token")
	}
	tok := &oauth2.Token{AccessToken: a.AccessToken, TokenType: "Bearer", ExpiresIn: a.ExpiresIn}
	if a.ExpiresIn > 0 {
		// Counted from before the request so the token is never believed to live longer
		// than it does.
		tok.Expiry = start.Add(time.Duration(a.ExpiresIn) * time.Second)
	}
	return tok.WithExtra(map[string]any{"scope": a.Scope, "api_url": a.APIURL}), nil
}

// AccountTokenSource is an oauth2.TokenSource for one account's Server-to-Server credentials.
// It reuses its token until five minutes before expiry, so use one per account and share it;
// pass it to oauth2.NewClient to get the *http.Client for NewClient.
func AccountTokenSource(ctx context.Context, httpClient *http.Client, tokenURL, accountID, clientID, clientSecret string) oauth2.TokenSource {
	src := accountSource{ctx: ctx, hc: httpClient, tokenURL: tokenURL, accountID: accountID, clientID: clientID, secret: clientSecret}
	return oauth2.ReuseTokenSourceWithExpiry(nil, src, 5*time.Minute)
}

type accountSource struct {
	ctx                                   context.Context
	hc                                    *http.Client
	tokenURL, accountID, clientID, secret string
}

func (s accountSource) Token() (*oauth2.Token, error) {
	return RequestAccountToken(s.ctx, s.hc, s.tokenURL, s.accountID, s.clientID, s.secret)
}
