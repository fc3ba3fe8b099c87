package crm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// noRedirect lets the caller look at each hop of a browser flow.
func noRedirect(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// ConnectGoTo plays an administrator who clicks the connect button and allows access on the
// fake GoTo's consent page (gototest's form), and returns the add-on's final status and the
// callback URL the provider sent the browser to.
func (c *Client) ConnectGoTo(ctx context.Context, buttonURL string, admin addon.User, account string) (status int, callbackURL string, err error) {
	return c.ConnectGoToAs(ctx, buttonURL, admin, true, account)
}

// ConnectGoToAs is ConnectGoTo for the user u, a CRM administrator or not, who signs in to GoTo
// as account.
func (c *Client) ConnectGoToAs(ctx context.Context, buttonURL string, u addon.User, admin bool, account string) (status int, callbackURL string, err error) {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	hc = noRedirect(hc)
	get := func(u string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
	resp, err := get(c.LaunchURL(buttonURL, u, admin))
	if err != nil {
		return 0, "", err
	}
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, "", fmt.Errorf("connect: add-on answered %d, not a redirect to the provider", resp.StatusCode)
	}
	authURL, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return 0, "", err
	}
	q := authURL.Query()
	form := url.Values{"client_id": {q.Get("client_id")}, "redirect_uri": {q.Get("redirect_uri")}, "state": {q.Get("state")},
		"account": {account}, "decision": {"allow"}}
	post, err := http.NewRequestWithContext(ctx, http.MethodPost, authURL.Scheme+"://"+authURL.Host+authURL.Path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = hc.Do(post)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		return resp.StatusCode, "", fmt.Errorf("consent: provider answered %d", resp.StatusCode)
	}
	callbackURL = resp.Header.Get("Location")
	resp, err = get(callbackURL)
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, callbackURL, nil
}
